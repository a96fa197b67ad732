"""Celery tasks of notifications. They take ids; a transient mail failure is retried with backoff
(the message row stays unsent meanwhile, so nothing is lost if the retries run out: the
``mail-outbox`` sweep picks it up)."""

from __future__ import annotations

import smtplib

from celery import shared_task

from notifications.outbox import send_message

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    name="notifications.tasks.deliver",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def deliver(message_id: int) -> bool:
    """Send the stored message ``message_id`` unless it went already."""
    return send_message(message_id)

"""Email from templates: each message is three templates under one name, ``<name>_subject.txt``
(one line), ``<name>.txt`` (the plain text) and ``<name>.html`` (the HTML part), rendered with
the caller's context plus ``site_name`` and ``site_url`` (settings ``SITE_NAME``, ``SITE_URL``).
Sent after the current transaction commits, so a rolled-back change mails nobody.

Every notice goes through the notifications outbox (``notifications.outbox.notify``, which renders
with ``render_message``); ``send_on_commit`` is only for the account and invitation emails that
carry a one-time sign-in link, which is not to be stored in the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

DEFAULT_SITE_NAME = "DetailHire"
Attachment = tuple[str, bytes, str]  # file name, content, MIME type


def site_context() -> dict:
    return {
        "site_name": getattr(settings, "SITE_NAME", DEFAULT_SITE_NAME),
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def render_message(
    name: str, context: dict, to: list[str], attachments: Sequence[Attachment] = ()
) -> EmailMultiAlternatives:
    """The message ``name`` for ``to``, rendered now, with ``attachments`` (name, bytes, type)."""
    context = {**site_context(), **context}
    subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
    text = render_to_string(f"{name}.txt", context)
    html = render_to_string(f"{name}.html", context)
    message = EmailMultiAlternatives(subject, text, None, list(to))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_on_commit(name: str, context: dict, to: list[str]) -> None:
    """Render ``name`` now and send it once the transaction commits (at once outside one)."""
    if not to:
        return
    message = render_message(name, context, to)
    transaction.on_commit(message.send)

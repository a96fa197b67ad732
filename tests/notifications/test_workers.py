"""Task hygiene: a real Celery worker in this process delivers a stored message by its id (the
memory broker, and the machine's Redis); with the broker unreachable the change still commits
and the message waits for the ``mail-outbox`` sweep; retries back off within the broker's
visibility timeout."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from notifications.models import Message
from notifications.outbox import dispatch, send_message
from notifications.sweeps import mail_outbox
from notifications.tasks import TRANSIENT, deliver

pytestmark = pytest.mark.django_db(transaction=True)


def stored(subject: str = "Hello") -> Message:
    return Message.objects.create(
        name="test", kind="essential", to="someone@acme.demo", subject=subject, text="Hi", html=""
    )


def wait_until_sent(pk: int, seconds: float = 30) -> Message:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = Message.objects.get(pk=pk)
        if row.sent_at is not None:
            return row
        time.sleep(0.05)
    raise AssertionError(f"message {pk} was not sent within {seconds} s")


def run_with_worker(broker: str) -> None:
    app = Celery(f"test-{uuid.uuid4().hex[:8]}", broker=broker, set_as_current=False)
    app.conf.update(
        task_default_queue=f"test-{uuid.uuid4().hex}",
        task_always_eager=False,
        task_ignore_result=True,
        broker_connection_retry_on_startup=False,
    )
    app.loader.import_default_modules = lambda: None
    task = app.tasks["notifications.tasks.deliver"]
    row = stored(f"Through {broker.split(':')[0]}")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        task.delay(row.pk)
        sent = wait_until_sent(row.pk)
    assert sent.attempts == 1
    assert [m.subject for m in mail.outbox] == [row.subject]


def test_an_in_process_worker_delivers_by_id_memory_broker():
    run_with_worker("memory://")


def test_a_worker_on_the_machines_redis_delivers_by_id():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}: the test suite runs with Redis")
    run_with_worker(url)


def test_with_the_broker_down_the_message_waits_for_the_outbox_sweep():
    from detailhire.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_publish_retry)
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app.conf.task_always_eager = False
    app.conf.task_publish_retry = False
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    app._pool = None
    app.amqp._producer_pool = None
    try:
        row = stored("Waits")
        dispatch([row.pk])  # logs, does not raise: the web keeps working
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app.conf.task_publish_retry = saved
        app._pool = None
        app.amqp._producer_pool = None
    assert Message.objects.get(pk=row.pk).sent_at is None
    assert mail.outbox == []
    assert mail_outbox(timezone.now() + timedelta(minutes=6)) == 1
    assert [m.subject for m in mail.outbox] == ["Waits"]


def test_a_sent_message_is_not_sent_again():
    row = stored()
    assert send_message(row.pk) is True
    assert send_message(row.pk) is False
    assert len(mail.outbox) == 1


def test_deliver_retries_transient_errors_within_the_visibility_timeout():
    assert set(deliver.autoretry_for) == set(TRANSIENT)
    assert deliver.retry_backoff and deliver.max_retries
    timeout = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}).get(
        "visibility_timeout", 3600
    )
    assert deliver.retry_backoff_max < timeout

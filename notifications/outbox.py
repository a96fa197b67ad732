"""Sending a notice: ``notify`` renders one message per recipient now (in the caller's
transaction), stores it as a ``Message`` row and, once the transaction commits, hands the row's
id to the ``deliver`` Celery task (which retries transient failures). A rolled-back change mails
nobody; a notice with a ``key`` already stored for that address is skipped, so a sweep or a
service that runs twice sends nothing twice. With the broker down the rows wait: the
``mail-outbox`` sweep sends what is still unsent after a few minutes (the table is the source of
truth, not the queue).

A message may carry files (an invoice's PDF, a receipt): it stores ``[loader, id]`` pairs, each
``loader`` the dotted path of a function marked with ``attachment_loader`` that returns
``(file name, bytes, MIME type)`` (or ``None``: sent without it) when the message is sent."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from detailhire.mail import render_message, site_context
from notifications.kinds import ESSENTIAL, OPTIONAL
from notifications.models import Message, Preference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
RESEND_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Recipient:
    email: str
    user: object | None = None


def recipients(people: Iterable) -> list[Recipient]:
    """Users (or plain addresses), once each, without the ones with no address."""
    seen, out = set(), []
    for person in people:
        if person is None:
            continue
        email = person if isinstance(person, str) else (getattr(person, "email", "") or "")
        user = None if isinstance(person, str) else person
        if email and email.lower() not in seen:
            seen.add(email.lower())
            out.append(Recipient(email, user))
    return out


def muted(user, kind: str) -> bool:
    if kind == ESSENTIAL or user is None:
        return False
    return kind in (
        Preference.objects.filter(user=user).values_list("muted", flat=True).first() or []
    )


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in OPTIONAL:
        return None
    return int(data["u"]), data["k"]


def unsubscribe_url(user, kind: str) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return site_context()["site_url"] + path


def attachment_loader(function):
    """Mark ``function(id) -> (file name, bytes, MIME type) | None`` as a loader of attachments
    (only marked functions are called by ``send_message``)."""
    function.mail_attachment_loader = True
    return function


def _loader_path(loader) -> str:
    return loader if isinstance(loader, str) else f"{loader.__module__}.{loader.__qualname__}"


def _attach(email: EmailMultiAlternatives, attachments: list) -> None:
    for path, pk in attachments:
        loader = import_string(path)
        if not getattr(loader, "mail_attachment_loader", False):
            raise ValueError(f"{path} is not an attachment loader.")
        found = loader(pk)
        if found is not None:
            email.attach(*found)


_unmailed: ContextVar[str] = ContextVar("notifications_unmailed", default="")


@contextmanager
def unmailed(reason: str) -> Iterator[None]:
    """Within the block, notices are recorded as usual (so each key counts as sent and is never
    mailed later) but marked not mailed with ``reason`` and nothing is queued: for stories set in
    the past, such as the demo data, where nobody should be mailed."""
    token = _unmailed.set(reason)
    try:
        yield
    finally:
        _unmailed.reset(token)


def notify(
    name: str,
    context: dict,
    to: Iterable,
    *,
    kind: str = ESSENTIAL,
    key: str = "",
    attachments: Iterable = (),
) -> list[int]:
    """Send the message ``name`` (templates ``<name>_subject.txt``, ``.txt``, ``.html``) to each
    of ``to`` (users or addresses) after the transaction commits. ``kind``: ``ESSENTIAL`` or one
    of ``OPTIONAL`` (skipped for users who turned it off; the mail carries an unsubscribe link).
    ``key``: names the notice; a key already sent to an address is skipped. ``attachments``:
    ``(loader, id)`` pairs (see ``attachment_loader``), loaded when it is sent. Returns the ids."""
    files = [[_loader_path(loader), pk] for loader, pk in attachments]
    unmailed_reason = _unmailed.get()
    ids = []
    for person in recipients(to):
        if muted(person.user, kind):
            continue
        if key and Message.objects.filter(key=key, to=person.email).exists():
            continue  # sent before: a sweep re-reading its window renders nothing again
        extra = {"recipient": person.user}
        headers = {}
        if kind != ESSENTIAL and person.user is not None:
            link = unsubscribe_url(person.user, kind)
            extra["unsubscribe_url"] = link
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        rendered = render_message(name, {**context, **extra}, [person.email])
        row = Message(
            key=key,
            name=name,
            kind=kind,
            user=person.user,
            to=person.email,
            subject=rendered.subject,
            text=rendered.body,
            html=rendered.alternatives[0][0] if rendered.alternatives else "",
            headers=headers,
            attachments=files,
        )
        if unmailed_reason:
            row.sent_at, row.last_error = timezone.now(), unmailed_reason
        if key:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue  # already sent (or being sent by a concurrent run)
        else:
            row.save(force_insert=True)
        ids.append(row.pk)
    if ids and not unmailed_reason:
        transaction.on_commit(lambda: dispatch(ids))
    return ids


def already_sent(key: str) -> bool:
    return Message.objects.filter(key=key).exists()


def dispatch(ids: list[int]) -> None:
    """Queue each message for the ``deliver`` task; with the broker unreachable the web goes on
    and the ``mail-outbox`` sweep sends them later."""
    from notifications.tasks import deliver

    for pk in ids:
        try:
            deliver.delay(pk)
        except Exception:  # the broker is down: the row waits for the mail-outbox sweep
            logger.warning("Could not queue message %s; the mail-outbox sweep will send it", pk)


def send_message(pk: int, *, now: datetime | None = None) -> bool:
    """Send the stored message ``pk`` once: lock its row (a concurrent sender skips it), send,
    mark it sent. Returns whether it was sent now. Errors of the mail server propagate (the task
    retries them) and leave the row unsent."""
    with transaction.atomic():
        row = Message.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None or row.sent_at is not None:
            return False
        row.attempts += 1
        email = EmailMultiAlternatives(row.subject, row.text, None, [row.to], headers=row.headers)
        if row.html:
            email.attach_alternative(row.html, "text/html")
        try:
            _attach(email, row.attachments)
            email.send()
        except Exception as exc:
            Message.objects.filter(pk=pk).update(attempts=row.attempts, last_error=str(exc)[:500])
            raise
        row.sent_at = now or timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def unsent(now: datetime):
    """Messages still unsent a few minutes after they were stored (the broker lost them, or the
    task gave up)."""
    return Message.objects.filter(sent_at__isnull=True, created_at__lte=now - RESEND_AFTER)

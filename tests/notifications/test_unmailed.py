"""``notifications.outbox.unmailed``: notices recorded but never mailed (the demo data's story)."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.models import Message
from notifications.outbox import notify, unmailed
from tests.notifications.helpers import commits

pytestmark = pytest.mark.django_db

NAME = "notifications/email/job_event"


def _context():
    return {
        "event": "test",
        "subject": "Test notice",
        "headline": "Something happened.",
        "lines": [],
        "next_step": "Nothing.",
        "link": "https://detailhire.test/",
        "link_label": "Open",
        "when": "",
        "job": None,
        "agency": None,
    }


def test_a_notice_inside_unmailed_is_recorded_as_settled_and_never_sent_plat_notify_1():
    """PLAT-NOTIFY-1: inside ``unmailed`` a notice is stored with its key, marked not mailed with
    the reason, and nothing is queued; the same key outside is then skipped (never mailed late)."""
    with commits(), unmailed("Demo data: not mailed."):
        (pk,) = notify(NAME, _context(), ["a@example.org"], key="demo:1")
    row = Message.objects.get(pk=pk)
    assert row.sent_at is not None
    assert row.last_error == "Demo data: not mailed."
    assert mail.outbox == []
    with commits():
        assert notify(NAME, _context(), ["a@example.org"], key="demo:1") == []
    assert mail.outbox == []


def test_outside_unmailed_the_notice_is_sent_after_the_commit_plat_notify_1():
    """PLAT-NOTIFY-1: the switch ends with its block: a notice inside is settled unmailed, the
    next one after it is mailed."""
    with commits(), unmailed("quiet"):
        notify(NAME, _context(), ["b@example.org"], key="quiet:1")
    assert mail.outbox == []
    with commits():
        (pk,) = notify(NAME, _context(), ["b@example.org"], key="live:1")
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert Message.objects.get(pk=pk).last_error == ""

"""Helpers of the notification tests: the mails sent to one address, and commits run."""

from __future__ import annotations

from django.core import mail


def to(address: str, outbox=None) -> list:
    return [m for m in (mail.outbox if outbox is None else outbox) if m.to == [address]]


def one(address: str, starts: str = "", outbox=None):
    """The one message to ``address`` whose subject starts with ``starts``."""
    found = [m for m in to(address, outbox) if m.subject.startswith(starts)]
    assert len(found) == 1, [m.subject for m in to(address, outbox)]
    return found[0]


def html(message) -> str:
    (part,) = [content for content, kind in message.alternatives if kind == "text/html"]
    return part


def commits():
    """Run the on-commit callbacks (the mail) registered inside, when the block ends: inside a
    test's transaction nothing commits by itself."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)

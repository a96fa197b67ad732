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


def prepaid_invoice():
    """The NOPD prepayment invoice of a one-officer job on Sat 20 March 2027, 10:00 local."""
    from datetime import timedelta

    from django_scopes import scopes_disabled

    from billing.services.invoicing import issue_invoice_for_job
    from tests.officers.helpers import book, local

    start = local(2027, 3, 20, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    with scopes_disabled():
        return issue_invoice_for_job(job, actor=None)


def late_and_present(start):
    """Two one-officer jobs starting at ``start``: "Late" (officer 1 never checks in) and
    "Fine" (officer 2 checked in two minutes after the start)."""
    from datetime import timedelta

    from django_scopes import scopes_disabled

    from officers.services.attendance import check_in
    from officers.services.claims import claim_position
    from tests.officers.helpers import book, officer, positions

    late_job = book("Late", shifts=((start, start + timedelta(hours=4), 1),))
    fine_job = book("Fine", shifts=((start, start + timedelta(hours=4), 1),))
    with scopes_disabled():
        claim_position(positions(late_job)[0].pk, actor=officer(1).user)
        present = claim_position(positions(fine_job)[0].pk, actor=officer(2).user)
        check_in(present, actor=officer(2).user, at=start + timedelta(minutes=2))
    return late_job, fine_job

"""Two sweeps at once on PostgreSQL (threads, each with its own connection, released together)
give the same state as one, and nobody gets an email twice (NOPD-PAY-1, NOPD-SURVEY-1)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django_scopes import scopes_disabled

from billing.models import Invoice
from billing.services.invoicing import issue_invoice_for_job
from jobs.models import Job
from jobs.sweeps import run_all
from notifications.models import Survey
from officers.services.claims import claim_position
from tests.officers.helpers import book, local, officer, positions

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, SKIP LOCKED)")


def run_together(now, copies: int = 2) -> list:
    barrier = threading.Barrier(copies)
    results = [None] * copies

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = run_all(now)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_sweeps_at_once_cancel_credit_and_mail_once_nopd_pay_1(demo, clock):
    start = local(2027, 3, 15, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    with scopes_disabled():
        claim_position(positions(job)[0].pk, actor=officer(1).user)
        invoice = issue_invoice_for_job(job, actor=None)
    mail.outbox.clear()

    results = run_together(invoice.due_at - timedelta(hours=23))
    assert all(result is not None for result in results)
    results = run_together(invoice.due_at + timedelta(minutes=1))
    assert all(r.ok for result in results for r in result), results

    with scopes_disabled():
        job.refresh_from_db()
        assert job.status == Job.Status.CANCELLED
        assert Invoice.objects.filter(refers_to=invoice).count() == 1
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert sent and max(sent.values()) == 1, sent
    assert ("customer@acme.demo", f"Cancelled: {job.title}") in sent
    assert any(subject.startswith("Payment due") for _, subject in sent)


def test_two_sweeps_at_once_send_one_survey_nopd_survey_1(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    run_all(start + timedelta(hours=4, minutes=1))  # completed
    mail.outbox.clear()
    run_together(start + timedelta(hours=4, minutes=2), copies=3)
    assert Survey.objects.filter(job=job).count() == 1
    assert [m.to for m in mail.outbox if m.subject.startswith("How did it go?")] == [
        ["customer@acme.demo"]
    ]

"""The query shapes of the escalation and digest sweeps with nothing due (docs/operations.md,
"Scale"): the requests, jobs and officers acted on before are left out in the database, so a
sweep that runs every minute reads no row and sends no query per job or per officer, however
many are in its window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from jobs.models import Position
from notifications import sweeps
from tests.notifications.test_sweeps import sweep
from tests.officers.helpers import book, local

pytestmark = pytest.mark.usefixtures("demo", "clock")


def _rerun(function, now) -> list[str]:
    """``function(now)`` run again: the queries it sends (none may read a row per job)."""
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        assert function(now) == []
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("requests", [1, 3])
def test_notice_escalation_with_nothing_due_reads_no_request_nopd_lead_1(requests):
    """NOPD-LEAD-1: escalated requests are left out by their message key in SQL, and each
    card's largest threshold bounds the window: one query for the window's cards, one for the
    due rows, whatever the number of requests in the window."""
    soon = local(2027, 3, 4, 10)
    for n in range(requests):
        book(f"Short {n}", shifts=((soon, soon + timedelta(hours=4), 1),), approve=False)
    now = datetime(2027, 3, 1, 12, 1, tzinfo=UTC)
    sweep(now, "notice-escalation")
    assert len(mail.outbox) >= requests  # each escalated once
    queries = _rerun(sweeps.notice_escalation, now + timedelta(minutes=1))
    assert len(queries) == 2, queries
    assert "NOT EXISTS" in queries[-1] and "CASE WHEN" in queries[-1]


@pytest.mark.parametrize("jobs", [1, 3])
def test_unfilled_escalation_with_nothing_due_reads_no_job(jobs):
    """The threshold each job is at is picked in SQL from its card's thresholds, and the jobs
    escalated at it before are left out by the message key: two queries, whatever the window."""
    start = local(2027, 3, 10, 10)
    for n in range(jobs):
        book(f"Open {n}", shifts=((start, start + timedelta(hours=4), 2),))
    now = start - timedelta(hours=71)
    sweep(now, "unfilled-escalation")
    queries = _rerun(sweeps.unfilled_escalation, now + timedelta(minutes=1))
    assert len(queries) == 2, queries
    assert "NOT EXISTS" in queries[-1] and "CASE WHEN" in queries[-1]


def test_the_digest_sent_today_costs_no_query_per_officer_nopd_rel_1():
    """NOPD-REL-1: the officers sent today's digest are left out in the officers' query; the
    card eligibility is read against is read once per agency, not per officer and position."""
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    window_end = datetime(2027, 3, 2, 15, tzinfo=UTC)  # 9:00 in New Orleans
    with scopes_disabled():
        Position.objects.filter(shift__job=job).update(preferred_until=window_end)
    now = window_end + timedelta(minutes=1)
    sweep(now, "preferred-window-digest")
    assert mail.outbox  # the officers got it
    queries = _rerun(sweeps.preferred_window_digest, now + timedelta(hours=1))
    assert len(queries) == 2, queries  # the opened positions, the officers not sent it yet
    assert "NOT EXISTS" in queries[-1]


def test_no_check_in_with_nothing_due_reads_no_assignment():
    """The shifts where someone checked in, and those alerted before, are left out in the
    database: one query however many details are running."""
    from tests.notifications.helpers import late_and_present

    start = local(2027, 3, 10, 10)
    late_and_present(start)
    now = start + timedelta(minutes=sweeps.no_check_in_minutes() + 1)
    sweep(now, "no-check-in")
    assert any(m.subject.startswith("Nobody checked in: Late") for m in mail.outbox)
    queries = _rerun(sweeps.no_check_in, now + timedelta(minutes=1))
    assert len(queries) == 1, queries
    assert queries[0].count("NOT EXISTS") == 2

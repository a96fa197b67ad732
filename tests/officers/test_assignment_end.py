"""The assignment lifecycle ends: when a job completes, each of its active assignments becomes
``completed`` (the officer checked in) or ``no_show`` (never checked in), audited; ended rows
leave the no-double-booking constraint and the officer's live schedule, the calendar feed keeps
a bounded window, and hours approval still sees every holder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from icalendar import Calendar

from audit import registry
from audit.models import AuditEvent
from billing.services.hours import hour_rows
from jobs.services.lifecycle import complete_job, start_job
from officers.dbops import OVERLAP_CONSTRAINT
from officers.ical import FEED_PAST, calendar_bytes
from officers.models import Assignment
from officers.services.attendance import check_in, check_out, correct_hours
from officers.services.claims import claim_position
from officers.services.completion import end_for_job
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")

START, END = local(2027, 3, 9, 8), local(2027, 3, 9, 16)


def staffed(title="Warehouse gate", start=START, end=END, officers=(1, 2)):
    """A job with one position per officer in ``officers``, each claimed: (job, assignments)."""
    job = book(title, ((start, end, len(officers)),))
    held = [
        claim_position(p.pk, actor=officer(n).user, now=start - timedelta(days=30))
        for p, n in zip(positions(job), officers, strict=True)
    ]
    return job, held


def fresh(assignment) -> Assignment:
    with scopes_disabled():
        return Assignment._base_manager.get(pk=assignment.pk)


def test_a_completed_jobs_assignments_end_as_completed_or_no_show_audited():
    job, (came, absent) = staffed()
    check_in(came, actor=officer(1).user, at=START)
    check_out(came, actor=officer(1).user, at=END)
    start_job(job, now=START)
    complete_job(job, now=END)

    came, absent = fresh(came), fresh(absent)
    assert (came.state, absent.state) == ("completed", "no_show")
    assert came.ended_at == absent.ended_at == END
    with scopes_disabled():
        events = list(
            AuditEvent.objects.filter(job_id=job.pk, object_type="assignment")
            .filter(event_type__in=("assignment.completed", "assignment.no_show"))
            .order_by("object_id")
        )
        assert end_for_job(job, actor=None, at=END) == 0  # nothing active is left: idempotent
    assert [(e.event_type, e.actor_id, e.to_state) for e in events] == [
        ("assignment.completed", None, "completed"),
        ("assignment.no_show", None, "no_show"),
    ]
    assert "did not show" in registry.render("assignment.no_show", events[1].data)
    # hours approval still sees both holders: the no-show bills nothing
    rows = hour_rows(job)
    assert [(r.assignment.pk, str(r.worked_hours)) for r in rows] == [
        (came.pk, "8.00"),
        (absent.pk, "0.00"),
    ]


def test_an_officer_checks_out_after_the_sweep_completed_the_job_plat_attend_1():
    """PLAT-ATTEND-1: the job completed while the officer was still checked in."""
    job, (held,) = staffed(officers=(1,))
    check_in(held, actor=officer(1).user, at=START)
    complete_job(job, now=END)
    assert fresh(held).state == "completed"
    check_out(held, actor=officer(1).user, at=END + timedelta(minutes=5))
    assert str(fresh(held).hours_worked) == "8.08"


def test_a_no_show_corrected_by_a_coordinator_counts_as_worked_plat_attend_1():
    """PLAT-ATTEND-1: the officer came but never checked in; the coordinator's correction
    makes the detail worked."""
    job, (held,) = staffed(officers=(1,))
    complete_job(job, now=END)
    assert fresh(held).state == "no_show"
    correct_hours(
        held,
        actor=user("coordinator@nopd.demo"),
        checked_in_at=START,
        checked_out_at=END,
        reason="Forgot to check in; the site contact confirmed.",
    )
    assert (fresh(held).state, str(fresh(held).hours_worked)) == ("completed", "8.00")


def feed(now) -> tuple[list[str], int, int]:
    """The officer 1 feed at ``now``: its event summaries, its size and its query count."""
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        body = calendar_bytes(officer(1), now=now)
    events = [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]
    return events, len(body), len(queries)


def worked(title, day):
    """A detail officer 1 worked on ``day`` (checked in and out), its job completed."""
    start, end = local(*day, 8), local(*day, 16)
    job, (held,) = staffed(title, start, end, officers=(1,))
    check_in(held, actor=officer(1).user, at=start)
    check_out(held, actor=officer(1).user, at=end)
    complete_job(job, now=end)


def test_the_calendar_feed_keeps_a_bounded_window_not_the_whole_history():
    now = local(2027, 6, 1, 12)
    worked("Recent", (2027, 5, 20))
    staffed("Upcoming", local(2027, 6, 10, 8), local(2027, 6, 10, 16), officers=(1,))
    window = feed(now)
    assert window[0] == ["Detail: Recent", "Detail: Upcoming"]

    for month in (1, 2, 3, 4):  # more history, older than the window
        worked(f"Old {month}", (2027, month, 5))
    assert local(2027, 4, 5, 8) < now - FEED_PAST
    assert feed(now) == window  # same events, same size, same queries


def test_ended_assignments_leave_the_no_double_booking_constraint_plat_overlap_1(postgresql_only):
    """PLAT-OVERLAP-1 (PostgreSQL only): the exclusion constraint covers active assignments only,
    so a completed detail no longer sits in its index; two active ones still cannot overlap."""
    job, (held,) = staffed(officers=(1,))
    complete_job(job, now=END)
    later = book("Same hours", ((START, END, 2),))
    first, second = positions(later)
    with scopes_disabled():

        def insert(position):
            return Assignment._base_manager.create(
                position=position, officer=officer(1), starts_at=START, ends_at=END
            )

        insert(first)  # over the completed one's hours: not in the constraint any more
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            insert(second)
    assert OVERLAP_CONSTRAINT in str(refused.value)
    assert fresh(held).state == "no_show"


def test_the_data_migration_ends_the_assignments_of_jobs_already_completed():
    """Rows left active by completions before the lifecycle ended them."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("officers.migrations.0009_end_assignments_of_completed_jobs")
    job, (came, absent) = staffed()
    check_in(came, actor=officer(1).user, at=START)
    complete_job(job, now=END)
    with scopes_disabled():
        Assignment._base_manager.filter(pk__in=(came.pk, absent.pk)).update(
            state="active", ended_at=None
        )
        migration.end_assignments(apps, None)
    came, absent = fresh(came), fresh(absent)
    assert (came.state, absent.state) == ("completed", "no_show")
    assert came.ended_at == absent.ended_at == END

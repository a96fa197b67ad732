"""Attendance: an officer checks in and out of a detail from a phone (ODM-PORTAL-1 shows it to the
customer); coordinators see late and missing check-ins.

PLAT-ATTEND-1: check-in from an hour before the start; check-out after the check-in and not
before the start. A mistaken check-out can be undone by the officer for a few minutes
(``DETAILHIRE_CHECK_OUT_UNDO_MINUTES``, 10 by default), later only by a coordinator of the agency,
who gives a reason.

Hours worked are the elapsed time between check-in and check-out (PLAT-TIME-1), a Decimal with 2
places rounded half-up. Each check-in, check-out and undone check-out writes an audit row
(PLAT-AUDIT-1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from audit.log import record
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from officers.models import Assignment
from officers.services.claims import lock_assignment
from officers.services.timefmt import day_and_time
from officers.states import CHECK_OUT_STATES, HOLDING_STATES, LEFT_STATES, LIVE_STATES

EARLIEST_CHECK_IN = timedelta(hours=1)  # before the start
LATE_AFTER = timedelta(minutes=15)  # a check-in this long after the start is late
WATCH_WINDOW = timedelta(hours=24)  # late_or_missing looks at details started this recently
LOCATION_MAX = 64
_LOCATION = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
CENT = Decimal("0.01")
UNDO_MINUTES = 10  # default of DETAILHIRE_CHECK_OUT_UNDO_MINUTES
REASON_MAX = 500
PROBLEMS_PAGE = 50  # late or missing check-ins a page of the attendance page shows


def undo_window() -> timedelta:
    """How long after checking out the officer may undo it themselves (PLAT-ATTEND-1)."""
    minutes = getattr(settings, "DETAILHIRE_CHECK_OUT_UNDO_MINUTES", UNDO_MINUTES)
    return timedelta(minutes=minutes)


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Elapsed hours, 2 places, half-up: 8 h 20 min -> Decimal("8.33")."""
    seconds = Decimal(int((end - start).total_seconds()))
    return (seconds / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Location:
    """Where a check-in or check-out was made, in degrees rounded to 5 places (about a metre);
    stored as "29.95107,-90.07153"."""

    lat: Decimal
    lng: Decimal

    def __str__(self) -> str:
        return f"{self.lat},{self.lng}"[:LOCATION_MAX]


def parse_location(value: str | None) -> Location | None:
    """ "29.95107,-90.07153" as the browser sends it, or None for anything else (refused
    permission, garbage): the location is optional. The attendance form reads it with this."""
    match = _LOCATION.match(value or "")
    if not match:
        return None
    lat, lng = (Decimal(part) for part in match.groups())
    if abs(lat) > 90 or abs(lng) > 180:
        return None
    q = Decimal("0.00001")
    return Location(lat.quantize(q), lng.quantize(q))


def _own_active(assignment: Assignment, actor, states=LIVE_STATES) -> Assignment:
    """The assignment, locked, after checking it is the actor's and in ``states`` (active
    unless told; inside atomic)."""
    held = lock_assignment(assignment.pk)
    policy.require(actor, "assignment.attend", held)
    if held.state not in states:
        raise ConflictError(f"This assignment is {held.get_state_display().lower()}.")
    return held


def _time_zone(assignment: Assignment) -> str:
    return assignment.officer.agency.time_zone


def check_in(
    assignment: Assignment, *, actor, at: datetime | None = None, location: Location | None = None
) -> Assignment:
    """Record the officer's arrival. Refused more than an hour before the start, after the end,
    twice, or for someone else's detail."""
    at = at or timezone.now()
    with transaction.atomic():
        held = _own_active(assignment, actor)
        tz = _time_zone(held)
        if held.checked_in_at is not None:
            raise ConflictError(
                f"You already checked in at {day_and_time(held.checked_in_at, tz)}."
            )
        if at < held.starts_at - EARLIEST_CHECK_IN:
            raise ConflictError(
                "Too early: you can check in from 1 hour before the start "
                f"({day_and_time(held.starts_at - EARLIEST_CHECK_IN, tz)})."
            )
        if at >= held.ends_at:
            raise ConflictError("This detail is over; ask your coordinator to record your hours.")
        held.checked_in_at = at
        held.check_in_location = str(location) if location else ""
        held.save(update_fields=["checked_in_at", "check_in_location"])
        late = at > held.starts_at + LATE_AFTER
        record(
            held,
            actor=actor,
            event="assignment.checked_in",
            agency=held.officer.agency,
            job=held.position.shift.job,
            data={
                "officer_name": held.officer.user.display_name,
                "at": at,
                "location": held.check_in_location,
                "late": late,
            },
            at=at,
        )
    assignment.__dict__.update(checked_in_at=held.checked_in_at)
    assignment.check_in_location = held.check_in_location
    return held


def check_out(
    assignment: Assignment, *, actor, at: datetime | None = None, location: Location | None = None
) -> Assignment:
    """Record the officer's departure and the hours worked (elapsed since check-in)."""
    at = at or timezone.now()
    with transaction.atomic():
        # the job may have completed since the check-in (the sweep ran first): still theirs
        held = _own_active(assignment, actor, CHECK_OUT_STATES)
        tz = _time_zone(held)
        if held.checked_in_at is None:
            raise ConflictError("Check in first: there is no check-in to close.")
        if held.checked_out_at is not None:
            raise ConflictError(
                f"You already checked out at {day_and_time(held.checked_out_at, tz)}."
            )
        if at <= held.checked_in_at:
            raise ConflictError("The check-out must come after the check-in.")
        if at < held.starts_at:
            raise ConflictError(
                "The detail has not started: you can check out from its start "
                f"({day_and_time(held.starts_at, tz)})."
            )
        held.checked_out_at = at
        held.check_out_location = str(location) if location else ""
        held.hours_worked = hours_between(held.checked_in_at, at)
        held.save(update_fields=["checked_out_at", "check_out_location", "hours_worked"])
        record(
            held,
            actor=actor,
            event="assignment.checked_out",
            agency=held.officer.agency,
            job=held.position.shift.job,
            data={
                "officer_name": held.officer.user.display_name,
                "at": at,
                "location": held.check_out_location,
                "hours_worked": held.hours_worked,
            },
            at=at,
        )
    for name in ("checked_out_at", "check_out_location", "hours_worked"):
        setattr(assignment, name, getattr(held, name))
    return held


def may_undo_check_out(assignment: Assignment, actor, now: datetime | None = None) -> bool:
    """Whether ``actor`` may undo ``assignment``'s check-out now: its officer within the undo
    window, the agency's coordinators at any time (with a reason)."""
    if assignment.checked_out_at is None or assignment.state not in HOLDING_STATES:
        return False
    if policy.allows(actor, "assignment.correct_attendance", assignment):
        return True
    now = now or timezone.now()
    return (
        policy.allows(actor, "assignment.attend", assignment)
        and now <= assignment.checked_out_at + undo_window()
    )


def undo_check_out(
    assignment: Assignment, *, actor, reason: str = "", at: datetime | None = None
) -> Assignment:
    """Reopen a check-out made by mistake (PLAT-ATTEND-1): the officer within the undo window
    after checking out; after it, a coordinator of the agency with a ``reason``. The hours
    worked are cleared until the next check-out. Audited with the reason."""
    at = at or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        held = lock_assignment(assignment.pk)
        coordinator = actor is None or policy.allows(actor, "assignment.correct_attendance", held)
        if not coordinator:
            policy.require(actor, "assignment.attend", held)
        if held.state not in HOLDING_STATES:
            raise ConflictError(f"This assignment is {held.get_state_display().lower()}.")
        if held.checked_out_at is None:
            raise ConflictError("There is no check-out to undo.")
        if not coordinator and at > held.checked_out_at + undo_window():
            minutes = int(undo_window().total_seconds() // 60)
            raise ConflictError(
                f"A check-out can be undone within {minutes} minutes; "
                "ask your coordinator to correct it."
            )
        if coordinator and actor is not None and not reason:
            raise DomainError("Reason: say why the check-out is undone.", field="reason")
        if len(reason) > REASON_MAX:
            raise DomainError(f"Reason: at most {REASON_MAX} characters.", field="reason")
        was_out, was_hours = held.checked_out_at, held.hours_worked
        held.checked_out_at = None
        held.check_out_location = ""
        held.hours_worked = None
        held.save(update_fields=["checked_out_at", "check_out_location", "hours_worked"])
        record(
            held,
            actor=actor,
            event="assignment.check_out_undone",
            agency=held.officer.agency,
            job=held.position.shift.job,
            data={
                "officer_name": held.officer.user.display_name,
                "by_name": _name(actor),
                "checked_out_at": was_out,
                "hours_worked": was_hours,
                "reason": reason,
            },
            at=at,
        )
    for name in ("checked_out_at", "check_out_location", "hours_worked"):
        setattr(assignment, name, getattr(held, name))
    return held


def correct_hours(
    assignment: Assignment,
    *,
    actor,
    checked_in_at: datetime,
    checked_out_at: datetime,
    reason: str,
    at: datetime | None = None,
) -> Assignment:
    """A coordinator of the agency corrects an officer's check-in and check-out times on a
    detail, with a reason (PLAT-ATTEND-1), before the job's hours are approved. The hours worked
    follow; audited with what they were."""
    at = at or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        held = lock_assignment(assignment.pk)
        policy.require(actor, "assignment.correct_attendance", held)
        job = held.position.shift.job
        if held.state not in HOLDING_STATES:
            raise ConflictError(f"This assignment is {held.get_state_display().lower()}.")
        if job.hours_approved_at is not None:
            raise ConflictError("The job's hours are approved: they can no longer be corrected.")
        if not reason:
            raise DomainError("Reason: say why the hours are corrected.", field="reason")
        if len(reason) > REASON_MAX:
            raise DomainError(f"Reason: at most {REASON_MAX} characters.", field="reason")
        if checked_out_at <= checked_in_at:
            raise DomainError(
                "Checked out: it must come after the check-in.", field="checked_out_at"
            )
        if checked_out_at - checked_in_at > timedelta(hours=24):
            raise DomainError(
                "Checked out: at most 24 hours after the check-in.", field="checked_out_at"
            )
        was_in, was_out, was_hours = held.checked_in_at, held.checked_out_at, held.hours_worked
        held.checked_in_at = checked_in_at
        held.checked_out_at = checked_out_at
        held.hours_worked = hours_between(checked_in_at, checked_out_at)
        fields = ["checked_in_at", "checked_out_at", "hours_worked"]
        if held.state == Assignment.State.NO_SHOW:  # they came after all: the detail was worked
            held.state = Assignment.State.COMPLETED
            fields.append("state")
        held.save(update_fields=fields)
        record(
            held,
            actor=actor,
            event="assignment.hours_corrected",
            agency=held.officer.agency,
            job=job,
            data={
                "officer_name": held.officer.user.display_name,
                "by_name": _name(actor),
                "was_checked_in_at": was_in,
                "was_checked_out_at": was_out,
                "was_hours_worked": was_hours,
                "checked_in_at": checked_in_at,
                "checked_out_at": checked_out_at,
                "hours_worked": held.hours_worked,
                "reason": reason,
            },
            at=at,
        )
    for name in ("checked_in_at", "checked_out_at", "hours_worked", "state"):
        setattr(assignment, name, getattr(held, name))
    return held


def _name(actor) -> str:
    return actor.display_name if actor is not None else "DetailHire"


# --- what coordinators watch -------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceProblem:
    assignment: Assignment
    kind: str  # "late" or "missing"

    @property
    def minutes_late(self) -> int:
        start = self.assignment.starts_at
        moment = self.assignment.checked_in_at or timezone.now()
        return max(0, int((moment - start).total_seconds() // 60))


def late_or_missing(
    agency, now: datetime | None = None, *, page: int = 1, size: int = PROBLEMS_PAGE
) -> list[AttendanceProblem]:
    """Active details of ``agency`` that started in the last 24 hours (at least 15 minutes ago)
    whose officer has not checked in (missing) or checked in more than 15 minutes after the
    start (late). Missing first, then by start. One query, filtered, ordered and paged in SQL:
    page ``page`` of ``size`` problems, plus one more when there is a next page (the caller
    shows ``size`` and a next link; ``detailhire.pagination.count_free_page``)."""
    now = now or timezone.now()
    rows = (
        Assignment.objects.filter(
            officer__agency=agency,
            state__in=LIVE_STATES,
            starts_at__lte=now - LATE_AFTER,
            starts_at__gte=now - WATCH_WINDOW,
        )
        .filter(Q(checked_in_at__isnull=True) | Q(checked_in_at__gt=F("starts_at") + LATE_AFTER))
        .select_related("officer__user", "position__shift__job")
        .defer(
            "position__shift__job__request_snapshot",
            "position__shift__job__quote",
        )
        .annotate(late=Case(When(checked_in_at__isnull=True, then=0), default=1))
        .order_by("late", "starts_at", "pk")
    )
    start = (max(1, page) - 1) * size
    return [
        AttendanceProblem(row, "missing" if row.checked_in_at is None else "late")
        for row in rows[start : start + size + 1]
    ]


def recent_check_outs(agency, now: datetime | None = None) -> list[Assignment]:
    """The agency's check-outs of the last 24 hours, latest first (coordinators may undo them,
    PLAT-ATTEND-1). One query."""
    now = now or timezone.now()
    return list(
        Assignment.objects.filter(
            officer__agency=agency,
            state__in=HOLDING_STATES,
            checked_out_at__gte=now - WATCH_WINDOW,
        )
        .select_related("officer__user", "position__shift__job")
        .defer(
            "position__shift__job__request_snapshot",
            "position__shift__job__quote",
        )
        .order_by("-checked_out_at", "-pk")[:50]
    )


def attendance_for_job(job) -> list[Assignment]:
    """The job's assignments with their check-in/out, for its page (ODM-PORTAL-1)."""
    return list(
        Assignment.objects.filter(position__shift__job=job)
        .exclude(state__in=LEFT_STATES)
        .select_related("officer__user", "position__shift")
        .order_by("starts_at", "position__index", "pk")
    )

"""An officer's schedule limits: no overlapping details (PLAT-OVERLAP-1) and the agency's hour caps
(NOPD-CAP-1: at most N hours in any rolling 24 hours and M hours per calendar week, the week in the
agency's local time). Hours are elapsed hours (PLAT-TIME-1). Regular duty shifts the agency
imported count exactly like details (PLAT-DUTY-1): a detail may not overlap one, and their hours
count towards the caps.

``check_schedule`` reads the officer's active assignments near the new time range in one query
and raises ``ConflictError`` with the rule in words. Callers hold the officer's row lock so that
two claims by one officer are checked one after the other; on PostgreSQL the exclusion constraint
backs the overlap check."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from detailhire.errors import ConflictError
from officers.models import Assignment, DutyShift
from officers.services.timefmt import day, hours_span, hours_text
from officers.states import WORKED_STATES

DAY = timedelta(hours=24)
WEEK = timedelta(days=7)
Interval = tuple[datetime, datetime]


def hours(delta: timedelta) -> Decimal:
    return (Decimal(int(delta.total_seconds())) / Decimal(3600)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def overlap(a: Interval, b: Interval) -> timedelta:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return end - start if end > start else timedelta(0)


def nearby_assignments(officer_id: int, starts_at: datetime, ends_at: datetime, exclude=()):
    """The officer's assignments worked or to be worked (active, or completed: a detail worked
    earlier in the week still counts towards its cap) within a week either side of the range
    (one query)."""
    return list(
        Assignment._base_manager.filter(
            officer_id=officer_id,
            state__in=WORKED_STATES,
            starts_at__lt=ends_at + WEEK,
            ends_at__gt=starts_at - WEEK,
        )
        .exclude(pk__in=list(exclude))
        .select_related("position__shift__job")
        .order_by("starts_at", "pk")
    )


def nearby_duty(officer_id: int, starts_at: datetime, ends_at: datetime) -> list[DutyShift]:
    """The officer's regular duty shifts within a week either side of the range (one query)."""
    return list(
        DutyShift._base_manager.filter(
            officer_id=officer_id,
            starts_at__lt=ends_at + WEEK,
            ends_at__gt=starts_at - WEEK,
        ).order_by("starts_at", "pk")
    )


def check_schedule(
    officer_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    caps: c.HourCaps,
    time_zone: str,
    exclude=(),
) -> None:
    """Raise ConflictError when the range overlaps an active assignment or breaks a cap."""
    existing = nearby_assignments(officer_id, starts_at, ends_at, exclude)
    for held in existing:
        if held.starts_at < ends_at and held.ends_at > starts_at:
            raise ConflictError(overlap_message(held, time_zone))
    duty = nearby_duty(officer_id, starts_at, ends_at)
    for shift in duty:
        if shift.starts_at < ends_at and shift.ends_at > starts_at:
            raise ConflictError(
                f"This overlaps your regular duty, "
                f"{hours_span(shift.starts_at, shift.ends_at, time_zone)} on "
                f"{day(shift.starts_at, time_zone)}."
            )
    held = [(a.starts_at, a.ends_at) for a in existing] + [(d.starts_at, d.ends_at) for d in duty]
    try:
        check_caps(caps, held, (starts_at, ends_at), time_zone)
    except ConflictError as error:
        if not duty:
            raise
        raise ConflictError(f"{str(error).rstrip('.')}, counting regular duty.") from None


def overlap_message(held: Assignment, time_zone: str) -> str:
    """ "This overlaps your 8:00 AM-4:00 PM detail on Tue Mar 9 at Saints Parade Route."""
    title = held.position.shift.job.title
    return (
        f"This overlaps your {hours_span(held.starts_at, held.ends_at, time_zone)} detail on "
        f"{day(held.starts_at, time_zone)} at {title}."
    )


def check_caps(caps: c.HourCaps, held: Iterable[Interval], new: Interval, time_zone: str) -> None:
    held = list(held)
    if caps.rolling_24h is not None:
        worst = max_rolling_hours([*held, new], new)
        if worst > caps.rolling_24h:
            raise ConflictError(
                f"This would make {hours_text(worst)} h in 24 h; "
                f"the limit is {hours_text(caps.rolling_24h)}."
            )
    if caps.per_week is not None:
        for week_start in weeks_touched(new, time_zone, caps.week_starts):
            week = (week_start, next_week_start(week_start, time_zone))
            total = sum((overlap(week, item) for item in [*held, new]), timedelta(0))
            if hours(total) > caps.per_week:
                raise ConflictError(
                    f"This would make {hours_text(hours(total))} h in the week of "
                    f"{day(week_start, time_zone)}; the limit is {hours_text(caps.per_week)}."
                )


def max_rolling_hours(intervals: list[Interval], new: Interval) -> Decimal:
    """The most hours in any 24-hour window that touches ``new``. The maximum of the windowed sum
    is reached with the window starting at some start or ending at some end."""
    candidates = {start for start, _ in intervals} | {end - DAY for _, end in intervals}
    best = timedelta(0)
    for start in candidates:
        window = (start, start + DAY)
        if overlap(window, new) <= timedelta(0):
            continue
        best = max(best, sum((overlap(window, item) for item in intervals), timedelta(0)))
    return hours(best)


def week_start_of(moment: datetime, time_zone: str, week_starts: int) -> datetime:
    """The local midnight starting the calendar week that contains ``moment``."""
    tz = ZoneInfo(time_zone)
    local = moment.astimezone(tz)
    first = local.date() - timedelta(days=(local.weekday() - week_starts) % 7)
    return datetime(first.year, first.month, first.day, tzinfo=tz)


def next_week_start(week_start: datetime, time_zone: str) -> datetime:
    following = week_start.date() + WEEK
    return datetime(following.year, following.month, following.day, tzinfo=ZoneInfo(time_zone))


def weeks_touched(new: Interval, time_zone: str, week_starts: int) -> list[datetime]:
    start = week_start_of(new[0], time_zone, week_starts)
    weeks = []
    while start < new[1]:
        weeks.append(start)
        start = next_week_start(start, time_zone)
    return weeks

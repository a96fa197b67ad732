"""An officer's earnings by week or month: hours x officer pay, from their assignments.

Hours are the hours worked when the officer checked out (elapsed, PLAT-TIME-1), else the
scheduled hours of the shift. Each detail's amount is rounded half-up to the cent; a period's
total is the exact sum of its details (PLAT-MONEY-1). Periods are the agency's local weeks
(Monday to Sunday) or calendar months. One query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from officers.models import Assignment, Officer
from officers.services.attendance import hours_between
from officers.states import WORKED_STATES

WEEK = "week"
MONTH = "month"
PERIODS = (WEEK, MONTH)
EARNING_STATES = WORKED_STATES
CENT = Decimal("0.01")


@dataclass
class Line:
    assignment: Assignment
    hours: Decimal
    rate: Decimal
    amount: Decimal
    worked: bool  # hours from check-in/out (else scheduled)


@dataclass
class Period:
    starts: date
    ends: date  # inclusive
    label: str
    lines: list[Line] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal("0.00"))

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def period_start(day: date, period: str) -> date:
    if period == WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_end(start: date, period: str) -> date:
    if period == WEEK:
        return start + timedelta(days=6)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _label(start: date, end: date, period: str) -> str:
    if period == MONTH:
        return start.strftime("%B %Y")
    return f"Week of {start.strftime('%b')} {start.day}-" + (
        f"{end.day}" if end.month == start.month else f"{end.strftime('%b')} {end.day}"
    )


def line_amount(span, rate: Decimal) -> Decimal:
    """Scheduled pay for anything with ``starts_at``/``ends_at`` (a shift or an assignment)."""
    hours = hours_between(span.starts_at, span.ends_at)
    return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def line_for(assignment: Assignment) -> Line:
    if assignment.hours_worked is not None:
        hours, worked = assignment.hours_worked, True
    else:
        hours, worked = hours_between(assignment.starts_at, assignment.ends_at), False
    rate = assignment.position.officer_pay_rate
    amount = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Line(assignment, hours, rate, amount, worked)


def earnings(
    officer: Officer,
    *,
    period: str = WEEK,
    count: int = 8,
    now: datetime | None = None,
) -> list[Period]:
    """The last ``count`` periods up to and including the current one (and the next one, for
    details already scheduled), newest first; periods without details are left out."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    now = now or timezone.now()
    tz = ZoneInfo(officer.agency.time_zone)
    today = now.astimezone(tz).date()
    current = period_start(today, period)
    first = current
    for _ in range(count - 1):
        first = period_start(first - timedelta(days=1), period)
    last = period_end(period_start(period_end(current, period) + timedelta(days=1), period), period)
    window_start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    window_end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    rows = (
        Assignment.objects.filter(
            officer=officer,
            state__in=EARNING_STATES,
            starts_at__gte=window_start,
            starts_at__lt=window_end,
        )
        .select_related("position")
        .only(
            "id",
            "starts_at",
            "ends_at",
            "hours_worked",
            "state",
            "position__id",
            "position__officer_pay_rate",
        )
        .order_by("starts_at", "pk")
    )
    periods: dict[date, Period] = {}
    for row in rows:
        start = period_start(row.starts_at.astimezone(tz).date(), period)
        if start not in periods:
            end = period_end(start, period)
            periods[start] = Period(start, end, _label(start, end, period))
        periods[start].lines.append(line_for(row))
    return [periods[key] for key in sorted(periods, reverse=True)]

"""Officer payroll per pay period (NOPD-FEE-1): what the agency owes each officer for the details
they worked, from attendance.

A row is one assignment worked in the period (its shift started on a day of the period, in the
agency's time zone): officer, badge, job, date, hours, the position's officer pay rate and the
amount (hours x rate, to the cent). Hours are read in one place, ``paid_hours``: today the hours
attendance recorded (check-in to check-out, PLAT-TIME-1); once a coordinator approves a job's
hours (PLAT-ATTEND-1) the approved hours are read there instead, and every report follows.

Only agency admins see it (``payroll.view``); it is read through the scoped managers, so another
agency's officers are never in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import Round

from officers.models import Assignment

__all__ = [
    "HEADER",
    "PayrollRow",
    "Period",
    "csv_rows",
    "paid_hours",
    "payroll_rows",
    "worked_assignments",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HEADER = ("Officer", "Badge", "Job", "Job title", "Date", "Hours", "Rate", "Amount")


@dataclass(frozen=True)
class Period:
    """A pay period: ``start`` to ``end``, both days included, in ``time_zone``."""

    start: date
    end: date
    time_zone: str

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=ZoneInfo(self.time_zone))

    @property
    def ends_before(self) -> datetime:
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=ZoneInfo(self.time_zone)
        )

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class PayrollRow:
    officer: str
    badge: str
    job_id: int
    job_title: str
    day: date
    hours: Decimal
    rate: Decimal
    amount: Decimal


def paid_hours():
    """The hours an officer is paid for on an assignment, as a query expression: the hours
    attendance recorded. The one place that decides it (the approved hours replace it here)."""
    return F("hours_worked")


def worked_assignments(agency, period: Period):
    """The agency's assignments worked in ``period`` (hours recorded), with ``paid`` (hours) and
    ``rate`` annotated."""
    return (
        Assignment.objects.filter(
            officer__agency=agency,
            starts_at__gte=period.starts_at,
            starts_at__lt=period.ends_before,
        )
        .annotate(paid=paid_hours(), rate=F("position__officer_pay_rate"))
        .exclude(paid__isnull=True)
    )


def owed_by_assignment():
    """Officer pay owed for one assignment, as a query expression: hours x rate, to the cent
    (half up, as ``payroll_rows`` rounds)."""
    return Round(
        ExpressionWrapper(
            paid_hours() * F("position__officer_pay_rate"),
            output_field=DecimalField(max_digits=14, decimal_places=4),
        ),
        2,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def payroll_rows(agency, period: Period) -> list[PayrollRow]:
    """The period's payroll, by officer (name, badge), then by shift start."""
    zone = ZoneInfo(period.time_zone)
    found = (
        worked_assignments(agency, period)
        .select_related("officer__user", "position__shift__job")
        .only(
            "starts_at",
            "hours_worked",
            "officer__badge_number",
            "officer__user__full_name",
            "officer__user__email",
            "position__officer_pay_rate",
            "position__shift__job__title",
        )
        .order_by("officer__user__full_name", "officer__badge_number", "starts_at", "pk")
    )
    rows = []
    for assignment in found:
        hours = assignment.paid
        job = assignment.position.shift.job
        rows.append(
            PayrollRow(
                officer=assignment.officer.user.display_name,
                badge=assignment.officer.badge_number,
                job_id=job.pk,
                job_title=job.title,
                day=assignment.starts_at.astimezone(zone).date(),
                hours=hours,
                rate=assignment.rate,
                amount=(hours * assignment.rate).quantize(CENT, rounding=ROUND_HALF_UP),
            )
        )
    return rows


def total_owed(rows: list[PayrollRow]) -> Decimal:
    return sum((row.amount for row in rows), ZERO)


def csv_rows(rows: list[PayrollRow]) -> list[list]:
    return [
        [r.officer, r.badge, r.job_id, r.job_title, r.day, r.hours, r.rate, r.amount] for r in rows
    ]


def owed_sum(queryset) -> Decimal:
    """Officer pay owed over ``queryset`` of assignments, summed in the database."""
    return queryset.aggregate(s=Sum(owed_by_assignment()))["s"] or ZERO

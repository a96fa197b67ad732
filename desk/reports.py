"""The agency's reports for a period of local days (each one grouped query):

- ``officer_hours``: hours per officer (how evenly the work is shared) and the busiest week of
  each against the weekly cap (NOPD-CAP-1: officers near their caps);
- ``fill``: positions, filled, fill rate and the average time from request to filled;
- ``money``: revenue, officer pay and admin fees, accounted separately (NOPD-FEE-1);
- ``top_customers``: the customers by revenue.

Times are the agency's local days; money is Decimal to the cent from the jobs' priced quotes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import pstdev
from zoneinfo import ZoneInfo

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncWeek

from agencies.ratecards import NoRateCard
from audit.models import AuditEvent
from desk.dashboard import MONEY, SCHEDULED, local_day_start
from jobs.models import Job, Position
from officers.models import Assignment
from officers.services.cards import card_for_agency
from officers.states import HOLDING_STATES

ZERO = Decimal("0.00")
NEAR_CAP = Decimal("0.8")  # a busiest week at 80 % of the weekly cap or more is "near"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # inclusive
    time_zone: str

    @property
    def start(self) -> datetime:
        return local_day_start(self.since, self.time_zone)

    @property
    def end(self) -> datetime:
        return local_day_start(self.until + timedelta(days=1), self.time_zone)


def default_period(agency, today: date) -> Period:
    """The last 30 days, today included."""
    return Period(today - timedelta(days=29), today, agency.time_zone)


def _hours(worked, scheduled) -> Decimal:
    if worked is not None:
        return Decimal(worked).quantize(CENT)
    if scheduled is None:
        return ZERO
    return Decimal(scheduled.total_seconds() / 3600).quantize(CENT)


def officer_hours(agency, period: Period) -> dict:
    """Per officer: details, hours, busiest week; with the spread of hours across officers."""
    span = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    rows = (
        Assignment.objects.filter(
            officer__agency=agency,
            state__in=HOLDING_STATES,
            starts_at__gte=period.start,
            starts_at__lt=period.end,
        )
        .annotate(week=TruncWeek("starts_at", tzinfo=ZoneInfo(period.time_zone)))
        .values("officer_id", "officer__user__full_name", "officer__user__email", "week")
        .annotate(details=Count("pk"), worked=Sum("hours_worked"), scheduled=Sum(span))
        .order_by("officer_id", "week")
    )
    try:
        weekly_cap = card_for_agency(agency).hour_caps.per_week
    except NoRateCard:
        weekly_cap = None
    officers: dict[int, dict] = {}
    for row in rows:
        item = officers.setdefault(
            row["officer_id"],
            {
                "officer_id": row["officer_id"],
                "name": row["officer__user__full_name"] or row["officer__user__email"],
                "details": 0,
                "hours": ZERO,
                "busiest_week": ZERO,
            },
        )
        hours = _hours(row["worked"], row["scheduled"])
        item["details"] += row["details"]
        item["hours"] += hours
        item["busiest_week"] = max(item["busiest_week"], hours)
    listed = sorted(officers.values(), key=lambda r: (-r["hours"], r["name"]))
    for item in listed:
        item["near_cap"] = bool(weekly_cap) and item["busiest_week"] >= weekly_cap * NEAR_CAP
    totals = [float(r["hours"]) for r in listed]
    mean = sum(totals) / len(totals) if totals else 0.0
    return {
        "rows": listed,
        "weekly_cap": weekly_cap,
        "mean": Decimal(mean).quantize(CENT),
        "spread": Decimal(pstdev(totals) if len(totals) > 1 else 0).quantize(CENT),
        "most": max(totals, default=0),
        "least": min(totals, default=0),
    }


def fill(agency, period: Period) -> dict:
    counts = (
        Position.objects.filter(
            shift__job__agency=agency,
            shift__job__status__in=SCHEDULED,
            shift__cancelled=False,
            shift__starts_at__gte=period.start,
            shift__starts_at__lt=period.end,
        )
        .exclude(status=Position.Status.CANCELLED)
        .aggregate(total=Count("pk"), filled=Count("pk", filter=Q(status=Position.Status.FILLED)))
    )
    wait = ExpressionWrapper(F("at") - F("job__requested_at"), output_field=DurationField())
    fills = (
        AuditEvent.objects.filter(
            agency=agency,
            event_type="job.filled",
            job__starts_at__gte=period.start,
            job__starts_at__lt=period.end,
        )
        .annotate(wait=wait)
        .aggregate(total=Sum("wait"), n=Count("pk"))
    )
    total, filled = counts["total"], counts["filled"]
    average = None
    if fills["n"]:
        average = Decimal(fills["total"].total_seconds() / fills["n"] / 3600).quantize(
            Decimal("0.1")
        )
    return {
        "positions": total,
        "filled": filled,
        "rate": round(100 * filled / total) if total else None,
        "jobs_filled": fills["n"],
        "hours_to_fill": average,
    }


def _money_sums():
    return {
        "revenue": Sum("total"),
        "officer_pay": Sum(Coalesce(Cast(KT("quote__officer_pay"), MONEY), ZERO)),
        "admin_fees": Sum(Coalesce(Cast(KT("quote__admin_fee"), MONEY), ZERO)),
        "jobs": Count("pk"),
    }


def _jobs_in(agency, period: Period):
    return Job.objects.filter(
        agency=agency,
        status__in=SCHEDULED,
        starts_at__gte=period.start,
        starts_at__lt=period.end,
    )


def money(agency, period: Period) -> dict:
    """NOPD-FEE-1: admin fees accounted apart from officer pay, for the period."""
    sums = _jobs_in(agency, period).aggregate(**_money_sums())
    return {key: (value if value is not None else ZERO) for key, value in sums.items()}


def top_customers(agency, period: Period, count: int = 10) -> list[dict]:
    return list(
        _jobs_in(agency, period)
        .values("organization_id", "organization__name")
        .annotate(**_money_sums())
        .order_by("-revenue", "organization__name")[:count]
    )


# --- CSV tables: (header, rows) ------------------------------------------------------------------


def officer_hours_table(agency, period: Period):
    data = officer_hours(agency, period)
    header = ["Officer", "Details", "Hours", "Busiest week (hours)", "Near weekly cap"]
    rows = [
        [r["name"], r["details"], r["hours"], r["busiest_week"], "yes" if r["near_cap"] else "no"]
        for r in data["rows"]
    ]
    return header, rows


def fill_table(agency, period: Period):
    data = fill(agency, period)
    header = ["Positions", "Filled", "Fill rate (%)", "Jobs filled", "Average hours to fill"]
    return header, [
        [
            data["positions"],
            data["filled"],
            "" if data["rate"] is None else data["rate"],
            data["jobs_filled"],
            "" if data["hours_to_fill"] is None else data["hours_to_fill"],
        ]
    ]


def money_table(agency, period: Period):
    data = money(agency, period)
    header = ["Jobs", "Revenue", "Officer pay", "Admin fees", "Currency"]
    return header, [
        [data["jobs"], data["revenue"], data["officer_pay"], data["admin_fees"], agency.currency]
    ]


def customers_table(agency, period: Period):
    header = ["Customer", "Jobs", "Revenue", "Officer pay", "Admin fees"]
    rows = [
        [c["organization__name"], c["jobs"], c["revenue"], c["officer_pay"], c["admin_fees"]]
        for c in top_customers(agency, period)
    ]
    return header, rows


TABLES = {
    "officer-hours": officer_hours_table,
    "fill": fill_table,
    "money": money_table,
    "customers": customers_table,
}

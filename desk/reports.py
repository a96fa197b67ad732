"""The agency's reports for a period of local days (each one grouped query):

- ``officer_hours``: hours per officer (how evenly the work is shared), and each officer's
  busiest 24 hours and busiest week against the card's hour caps (NOPD-CAP-1: officers near or
  at their caps, in words: ``cap_note``);
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
from officers.services.caps import DAY, hours, overlap
from officers.services.cards import card_for_agency
from officers.states import HOLDING_STATES

ZERO = Decimal("0.00")
NEAR_CAP = Decimal("0.8")  # a busiest 24 h or week at 80 % of its cap or more is "near"
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
        card_caps = card_for_agency(agency).hour_caps
    except NoRateCard:
        card_caps = None
    weekly_cap = card_caps.per_week if card_caps else None
    daily_cap = card_caps.rolling_24h if card_caps else None
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
                "busiest_day": ZERO,
            },
        )
        week_hours = _hours(row["worked"], row["scheduled"])
        item["details"] += row["details"]
        item["hours"] += week_hours
        item["busiest_week"] = max(item["busiest_week"], week_hours)
    for officer_id, intervals in _schedules(agency, period).items():
        if officer_id in officers:
            officers[officer_id]["busiest_day"] = busiest_24_hours(intervals)
    listed = sorted(officers.values(), key=lambda r: (-r["hours"], r["name"]))
    for item in listed:
        notes = [
            note
            for note in (
                _cap_note(item["busiest_day"], daily_cap, "hours in 24 hours"),
                _cap_note(item["busiest_week"], weekly_cap, "hours in a week"),
            )
            if note
        ]
        item["cap_note"] = "; ".join(notes)
        item["near_cap"] = bool(notes)
        item["at_cap"] = any(note.startswith("At") for note in notes)
    totals = [float(r["hours"]) for r in listed]
    mean = sum(totals) / len(totals) if totals else 0.0
    return {
        "rows": listed,
        "weekly_cap": weekly_cap,
        "daily_cap": daily_cap,
        "mean": Decimal(mean).quantize(CENT),
        "spread": Decimal(pstdev(totals) if len(totals) > 1 else 0).quantize(CENT),
        "most": max(totals, default=0),
        "least": min(totals, default=0),
    }


def _schedules(agency, period: Period) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each officer's scheduled details starting in the period (one narrow query)."""
    found: dict[int, list[tuple[datetime, datetime]]] = {}
    rows = Assignment.objects.filter(
        officer__agency=agency,
        state__in=HOLDING_STATES,
        starts_at__gte=period.start,
        starts_at__lt=period.end,
    ).values_list("officer_id", "starts_at", "ends_at")
    for officer_id, starts_at, ends_at in rows.order_by("officer_id", "starts_at"):
        found.setdefault(officer_id, []).append((starts_at, ends_at))
    return found


def busiest_24_hours(intervals: list[tuple[datetime, datetime]]) -> Decimal:
    """The most scheduled hours in any 24 hours (NOPD-CAP-1's rolling window): the windowed sum
    is greatest with the window starting at some start or ending at some end."""
    best = timedelta(0)
    candidates = {start for start, _ in intervals} | {end - DAY for _, end in intervals}
    for start in candidates:
        window = (start, start + DAY)
        best = max(best, sum((overlap(window, item) for item in intervals), timedelta(0)))
    return hours(best)


def _cap_note(busiest: Decimal, cap: Decimal | None, what: str) -> str:
    """ "At the cap: 16 of 16 hours in 24 hours" / "Near the cap: 30 of 32 hours in a week"."""
    if not cap or busiest < cap * NEAR_CAP:
        return ""
    if busiest > cap:
        return f"Over the cap: {_num(busiest)} of {_num(cap)} {what}"
    label = "At the cap" if busiest >= cap else "Near the cap"
    return f"{label}: {_num(busiest)} of {_num(cap)} {what}"


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


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
    header = [
        "Officer",
        "Details",
        "Hours",
        "Busiest 24 hours (hours)",
        "Busiest week (hours)",
        "Hour caps",
    ]
    rows = [
        [
            r["name"],
            r["details"],
            r["hours"],
            r["busiest_day"],
            r["busiest_week"],
            r["cap_note"] or "Under the caps",
        ]
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

"""What the dashboard shows, read in a fixed number of queries whatever the number of jobs:
each list is bounded (``ROWS``) and each chart is one grouped query over ``WEEKS`` weeks.

- ``attention(agency, now)``: "Needs attention now", one row per thing to do, most urgent first;
- ``today_and_tomorrow(agency, now)``: every shift of those two local days with its officers;
- ``weekly(agency, now)``: fill rate, hours worked, revenue and admin fees, time to fill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncWeek
from django.urls import reverse
from django.utils import timezone

from agencies.formatting import money
from audit.models import AuditEvent
from billing.models import Invoice
from desk.models import OfficerFeedback
from jobs.models import Job, Position, Shift
from officers.models import Assignment
from officers.services.timefmt import day_and_time, hours_span
from officers.states import HOLDING_STATES, LIVE_STATES

ROWS = 25  # the most rows of each kind "Needs attention now" lists
WEEKS = 8  # weeks the charts cover, this one included
SHORT_NOTICE = timedelta(hours=48)  # a request with less notice than this is short notice
OPEN_SHIFTS = 100  # shifts with open positions read for "Unfilled" (nearest first)
DAY_SHIFTS = 300  # the most shifts "Today and tomorrow" lists
DAY_ROWS = 1500  # the most position rows read for them (a shift's positions and holders)
INVOICE_HORIZON = timedelta(days=7)  # unpaid invoices due within this (or overdue) are listed
FEEDBACK_DAYS = 7
HOURS_DAYS = 30  # completed jobs whose hours still await approval, ended within this
MONEY = DecimalField(max_digits=14, decimal_places=2)
SCHEDULED = (Job.Status.APPROVED, Job.Status.FILLED, Job.Status.IN_PROGRESS, Job.Status.COMPLETED)


@dataclass
class Row:
    """One thing to do: what, for which job, how long is left, and the one-click action."""

    kind: str  # "request", "unfilled", "no_check_in", "withdrawal", "invoice", "hours", "feedback"
    label: str
    detail: str
    due: datetime | None  # when it is too late (the shift's start, the invoice's due date)
    url: str
    action: str  # the button's words
    urgent: bool = False
    job_id: int | None = None
    left: str = ""
    approve_url: str = ""  # a request: approving is one click from the dashboard

    @property
    def sort_key(self):
        far = datetime.max.replace(tzinfo=UTC_)
        return (not self.urgent, self.due or far, KIND_ORDER.index(self.kind))


UTC_ = ZoneInfo("UTC")
KIND_ORDER = ("no_check_in", "request", "withdrawal", "unfilled", "invoice", "hours", "feedback")


def time_left(due: datetime | None, now: datetime) -> str:
    """ "3 h 20 min left", "2 days left", "started 25 min ago"."""
    if due is None:
        return ""
    delta = due - now
    past = delta.total_seconds() < 0
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days >= 2:
        text = f"{days} days"
    elif days or hours:
        text = f"{days * 24 + hours} h {minutes} min"
    else:
        text = f"{minutes} min"
    return f"{text} ago" if past else f"{text} left"


def _jobs(agency):
    return Job.objects.filter(agency=agency)


def _name(full_name: str, email: str) -> str:
    """``User.display_name`` from the two columns (lists read values, not user rows)."""
    return full_name or email.split("@")[0]


def job_links(name: str = "jobs:detail"):
    """``link(pk)``: the page's URL (the job page by default), reversed once for a whole list (not
    once per row)."""
    marker = 987654321
    template = reverse(name, args=[marker]).replace(str(marker), "{}")
    return template.format


def _assignments(agency, **filters):
    """The agency's assignments matching ``filters`` as (start, officer's name, email, job id,
    job title), earliest first, at most ``ROWS`` (one narrow query)."""
    return (
        Assignment.objects.filter(officer__agency=agency, **filters)
        .values_list(
            "starts_at",
            "officer__user__full_name",
            "officer__user__email",
            "position__shift__job_id",
            "position__shift__job__title",
        )
        .order_by("starts_at", "pk")[:ROWS]
    )


def attention(agency, now: datetime | None = None) -> list[Row]:
    """Every kind of thing waiting on a coordinator, most urgent first (seven queries)."""
    now = now or timezone.now()
    tz = agency.time_zone
    rows: list[Row] = []
    job_url = job_links()

    approve_url = job_links("jobs:approve")
    requests = (
        _jobs(agency)
        .filter(status=Job.Status.REQUESTED)
        .values_list("pk", "title", "starts_at", "requested_at", "warnings", "organization__name")
        .order_by("starts_at", "pk")[:ROWS]
    )
    for pk, title, starts_at, requested_at, warnings, customer in requests:
        short = bool(warnings) or starts_at - requested_at < SHORT_NOTICE
        rows.append(
            Row(
                "request",
                f"Request: {title}",
                f"{customer} · starts {day_and_time(starts_at, tz)}"
                + (" · short notice" if short else ""),
                starts_at,
                job_url(pk) + "#decide-title",
                "Review or deny",
                urgent=short,
                job_id=pk,
                approve_url=approve_url(pk),
            )
        )

    # the shifts nearest their start that still have an open position, walked in start order
    # (the shift's start index; each shift's open positions counted on the partial index of open
    # positions) and grouped by job here: the query stops after OPEN_SHIFTS shifts however many
    # are open
    open_positions = Position.objects.filter(shift=OuterRef("pk"), status=Position.Status.OPEN)
    open_count = open_positions.order_by().values("shift").annotate(n=Count("pk")).values("n")
    open_rows = (
        Shift.objects.filter(
            job__agency=agency,
            job__status__in=(Job.Status.APPROVED, Job.Status.IN_PROGRESS),
            cancelled=False,
            starts_at__gt=now,
        )
        .filter(Exists(open_positions))
        .annotate(open=Subquery(open_count, output_field=IntegerField()))
        .values_list("job_id", "job__title", "starts_at", "open")
        .order_by("starts_at", "pk")[:OPEN_SHIFTS]
    )
    unfilled: dict[int, dict] = {}
    for job_id, title, starts_at, count in open_rows:
        item = unfilled.setdefault(job_id, {"title": title, "first": starts_at, "open": 0})
        item["open"] += count or 0
    for job_id, item in list(unfilled.items())[:ROWS]:
        count = item["open"]
        rows.append(
            Row(
                "unfilled",
                f"Unfilled: {item['title']}",
                f"{count} open position{'s' if count != 1 else ''} · first shift "
                f"{day_and_time(item['first'], tz)}",
                item["first"],
                job_url(job_id) + "#shifts-title",
                "Assign an officer",
                urgent=item["first"] - now < timedelta(hours=24),
                job_id=job_id,
            )
        )

    missing = _assignments(
        agency,
        state__in=LIVE_STATES,
        checked_in_at__isnull=True,
        starts_at__lte=now,
        ends_at__gt=now,
    )
    for starts_at, full_name, email, job_id, title in missing:
        rows.append(
            Row(
                "no_check_in",
                f"Nobody checked in: {title}",
                f"{_name(full_name, email)} was due {day_and_time(starts_at, tz)}",
                starts_at,
                job_url(job_id) + "#shifts-title",
                "Call or substitute",
                urgent=True,
                job_id=job_id,
            )
        )

    withdrawals = _assignments(
        agency,
        state=Assignment.State.WITHDRAWN,
        position__status=Position.Status.OPEN,
        position__shift__cancelled=False,
        position__shift__starts_at__gt=now,
    )
    for starts_at, full_name, email, job_id, title in withdrawals:
        rows.append(
            Row(
                "withdrawal",
                f"Withdrawal to cover: {title}",
                f"{_name(full_name, email)} withdrew · shift {day_and_time(starts_at, tz)}",
                starts_at,
                job_url(job_id) + "#shifts-title",
                "Assign a substitute",
                urgent=starts_at - now < timedelta(hours=24),
                job_id=job_id,
            )
        )

    invoice_url = job_links("billing-invoice")
    invoices = (
        Invoice.objects.with_balance()
        .filter(
            agency=agency,
            kind=Invoice.Kind.INVOICE,
            status=Invoice.Status.ISSUED,
            due_at__lte=now + INVOICE_HORIZON,
        )
        .select_related("organization")
        .only("pk", "kind", "number", "due_at", "total", "currency", "job_id", "organization__name")
        .order_by("due_at", "pk")[:ROWS]
    )
    for invoice in invoices:
        balance = invoice.balance_due  # from the sums with_balance() annotated
        if balance <= 0:
            continue
        rows.append(
            Row(
                "invoice",
                f"Unpaid invoice {invoice.number}",
                f"{invoice.organization.name} · {money(balance, invoice.currency)} due "
                f"{day_and_time(invoice.due_at, tz)}",
                invoice.due_at,
                invoice_url(invoice.pk),
                "Open the invoice",
                urgent=invoice.due_at <= now,
                job_id=invoice.job_id,
            )
        )

    hours_url = job_links("billing-job-hours")
    awaiting_hours = (
        _jobs(agency)
        .filter(
            status=Job.Status.COMPLETED,
            hours_approved_at__isnull=True,
            ends_at__gte=now - timedelta(days=HOURS_DAYS),
        )
        .values_list("pk", "title", "ends_at", "organization__name")
        .order_by("ends_at", "pk")[:ROWS]
    )
    for pk, title, ends_at, customer in awaiting_hours:
        rows.append(
            Row(
                "hours",
                f"Hours to approve: {title}",
                f"{customer} · ended {day_and_time(ends_at, tz)}",
                None,
                hours_url(pk),
                "Approve hours",
                job_id=pk,
            )
        )

    feedback = (
        OfficerFeedback.objects.filter(
            agency=agency, recorded_at__gte=now - timedelta(days=FEEDBACK_DAYS)
        )
        .values_list(
            "rating",
            "recorded_at",
            "job_id",
            "job__title",
            "officer__user__full_name",
            "officer__user__email",
        )
        .order_by("-recorded_at", "-pk")[:ROWS]
    )
    for rating, recorded_at, job_id, title, full_name, email in feedback:
        rows.append(
            Row(
                "feedback",
                f"Customer feedback: {_name(full_name, email)} {rating}/5",
                f"{title} · recorded {day_and_time(recorded_at, tz)}",
                None,
                job_url(job_id) + "#feedback-title",
                "Read it",
                urgent=rating <= 2,
                job_id=job_id,
            )
        )

    for row in rows:
        row.left = time_left(row.due, now) if row.due is not None else ""
    rows.sort(key=lambda r: r.sort_key)
    return rows


@dataclass
class DayShift:
    """A shift of today or tomorrow as the dashboard lists it (plain values, no model rows)."""

    job_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str = ""
    when: str = ""  # "8:00 AM-4:00 PM", agency local time
    officers: list = field(default_factory=list)  # (name, state) pairs
    open: int = 0


def local_day_start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


def _check_in_state(row: dict, now: datetime, tz: str) -> str:
    if row["checked_out_at"]:
        return "checked out"
    if row["checked_in_at"]:
        return "checked in"
    if row["starts_at"] <= now:
        return "not checked in"
    return "due " + day_and_time(row["starts_at"], tz).split(", ")[-1]


def today_and_tomorrow(agency, now: datetime | None = None) -> list[tuple[date, list[DayShift]]]:
    """Each of the two local days with its shifts (start order), each with its officers and
    their check-in state. One query: the positions of the two days' shifts, each with the
    assignment holding it if any (driven by the shifts' start index, then the positions and
    assignments by their keys: the work follows the two days, not the history), at most
    ``DAY_ROWS`` rows (``DAY_SHIFTS`` shifts)."""
    now = now or timezone.now()
    tz = agency.time_zone
    today = now.astimezone(ZoneInfo(tz)).date()
    start = local_day_start(today, tz)
    end = local_day_start(today + timedelta(days=2), tz)
    rows = (
        Position.objects.filter(
            shift__job__agency=agency,
            shift__job__status__in=SCHEDULED,
            shift__cancelled=False,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
        .exclude(status=Position.Status.CANCELLED)
        .annotate(
            held=FilteredRelation("assignments", condition=Q(assignments__state__in=HOLDING_STATES))
        )
        .values_list(
            "shift_id",
            "shift__job_id",
            "shift__job__title",
            "shift__starts_at",
            "shift__ends_at",
            "pk",
            "held__starts_at",
            "held__checked_in_at",
            "held__checked_out_at",
            "held__officer__user__full_name",
            "held__officer__user__email",
        )
        .order_by("shift__starts_at", "shift_id", "index", "held__pk")[:DAY_ROWS]
    )
    days: dict[date, list[DayShift]] = {today: [], today + timedelta(days=1): []}
    job_url = job_links()
    zone = ZoneInfo(tz)
    shifts: dict[int, DayShift] = {}
    positions: dict[int, set] = {}
    for shift_id, job_id, title, starts_at, ends_at, position_id, *held in rows:
        row = shifts.get(shift_id)
        if row is None:
            if len(shifts) == DAY_SHIFTS:
                break
            row = shifts[shift_id] = DayShift(
                job_id=job_id,
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                url=job_url(job_id),
                when=hours_span(starts_at, ends_at, tz),
            )
            positions[shift_id] = set()
            days.setdefault(starts_at.astimezone(zone).date(), []).append(row)
        positions[shift_id].add(position_id)
        held_starts, checked_in, checked_out, full_name, email = held
        if held_starts is not None:
            state = {
                "starts_at": held_starts,
                "checked_in_at": checked_in,
                "checked_out_at": checked_out,
            }
            row.officers.append((full_name or email, _check_in_state(state, now, tz)))
    for shift_id, row in shifts.items():
        row.open = max(len(positions[shift_id]) - len(row.officers), 0)
    return list(days.items())


@dataclass
class Week:
    start: date
    positions: int = 0
    filled: int = 0
    hours: Decimal = Decimal("0.00")
    revenue: Decimal = Decimal("0.00")
    officer_pay: Decimal = Decimal("0.00")
    admin_fees: Decimal = Decimal("0.00")
    fill_hours: Decimal | None = None  # average hours from request to filled

    @property
    def fill_rate(self) -> int | None:
        return round(100 * self.filled / self.positions) if self.positions else None


def _week_of(moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


CHART_SECONDS = 300  # the charts are history: read again at most every five minutes


def weekly(agency, now: datetime | None = None, weeks: int = WEEKS) -> list[Week]:
    """``weekly_figures``, kept in the cache for ``CHART_SECONDS`` per agency (the dashboard
    answers in constant time however many jobs the weeks hold)."""
    now = now or timezone.now()
    key = f"desk:weekly:{agency.pk}:{weeks}:{int(now.timestamp()) // CHART_SECONDS}"
    figures = cache.get(key)
    if figures is None:
        figures = weekly_figures(agency, now, weeks)
        cache.set(key, figures, CHART_SECONDS)
    return figures


def weekly_figures(agency, now: datetime, weeks: int = WEEKS) -> list[Week]:
    """The last ``weeks`` weeks (Monday starts, this week last): four grouped queries."""
    tz = ZoneInfo(agency.time_zone)
    today = now.astimezone(tz).date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = local_day_start(first, agency.time_zone)
    until = local_day_start(today + timedelta(days=7 - today.weekday()), agency.time_zone)
    table = {
        first + timedelta(days=7 * k): Week(first + timedelta(days=7 * k)) for k in range(weeks)
    }
    positions = (
        Position.objects.filter(
            shift__job__agency=agency,
            shift__job__status__in=SCHEDULED,
            shift__cancelled=False,
            shift__starts_at__gte=since,
            shift__starts_at__lt=until,
        )
        .exclude(status=Position.Status.CANCELLED)
        .annotate(week=TruncWeek("shift__starts_at", tzinfo=tz))
        .values("week")
        .annotate(total=Count("pk"), filled=Count("pk", filter=Q(status=Position.Status.FILLED)))
        .order_by()
    )
    for item in positions:
        week = table.get(_week_of(item["week"]))
        if week:
            week.positions, week.filled = item["total"], item["filled"]

    span = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    hours = Assignment.objects.filter(
        officer__agency=agency,
        state__in=HOLDING_STATES,
        starts_at__gte=since,
        starts_at__lt=min(until, now),
    )
    hours = (
        hours.annotate(week=TruncWeek("starts_at", tzinfo=tz))
        .values("week")
        .annotate(worked=Sum("hours_worked"), scheduled=Sum(span))
        .order_by()
    )
    for item in hours:
        week = table.get(_week_of(item["week"]))
        if week:
            worked = item["worked"]
            if worked is None and item["scheduled"] is not None:
                worked = Decimal(item["scheduled"].total_seconds() / 3600)
            week.hours = Decimal(worked or 0).quantize(Decimal("0.01"))

    sums = (
        Job.objects.filter(
            agency=agency, status__in=SCHEDULED, starts_at__gte=since, starts_at__lt=until
        )
        .annotate(week=TruncWeek("starts_at", tzinfo=tz))
        .values("week")
        .annotate(
            revenue=Sum("total"),
            pay=Sum(Coalesce(Cast(KT("quote__officer_pay"), MONEY), Decimal("0"))),
            fees=Sum(Coalesce(Cast(KT("quote__admin_fee"), MONEY), Decimal("0"))),
        )
        .order_by()
    )
    for item in sums:
        week = table.get(_week_of(item["week"]))
        if week:
            week.revenue = item["revenue"] or Decimal("0.00")
            week.officer_pay = item["pay"] or Decimal("0.00")
            week.admin_fees = item["fees"] or Decimal("0.00")

    wait = ExpressionWrapper(F("at") - F("job__requested_at"), output_field=DurationField())
    fills = (
        AuditEvent.objects.filter(
            agency=agency, event_type="job.filled", at__gte=since, at__lt=until
        )
        .annotate(week=TruncWeek("at", tzinfo=tz), wait=wait)
        .values("week")
        .annotate(total=Sum("wait"), n=Count("pk"))
        .order_by()
    )
    for item in fills:
        week = table.get(_week_of(item["week"]))
        if week and item["n"]:
            seconds = item["total"].total_seconds() / item["n"]
            week.fill_hours = Decimal(seconds / 3600).quantize(Decimal("0.1"))
    return list(table.values())

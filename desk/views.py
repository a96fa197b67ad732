"""The desk's pages under /staff/: the dashboard (where agency staff land), the agency log, the
reports with their CSV, and the job page's staff actions (assign, substitute, feedback)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from desk import charts, dashboard, reports, services
from desk.forms import FeedbackForm, LogFilterForm, OfficerChoiceForm, PeriodForm
from detailhire import policy
from detailhire.csvexport import csv_response
from detailhire.errors import DomainError
from jobs.models import Job
from officers.models import Assignment, Officer
from officers.services.claims import assign_position
from officers.services.substitution import substitute
from officers.views import staff_required

LOG_PAGE = 50


def _short(day) -> str:
    return f"{day:%b} {day.day}"


def chart_context(weeks) -> list[dict]:
    labels = [_short(w.start) for w in weeks]
    rates = tuple(w.fill_rate for w in weeks)
    return [
        {
            "id": "fill",
            "title": "Fill rate by week",
            "svg": charts.bar_chart(
                labels, [charts.Series("Filled", rates, "bar-a")], suffix=" %", top=100
            ),
            "columns": ["Week of", "Positions", "Filled", "Fill rate"],
            "rows": [
                [_short(w.start), w.positions, w.filled, "—" if r is None else f"{r} %"]
                for w, r in zip(weeks, rates, strict=True)
            ],
        },
        {
            "id": "hours",
            "title": "Hours worked by week",
            "svg": charts.bar_chart(
                labels, [charts.Series("Hours", tuple(w.hours for w in weeks), "bar-a")]
            ),
            "columns": ["Week of", "Hours"],
            "rows": [[_short(w.start), w.hours] for w in weeks],
        },
        {
            "id": "money",
            "title": "Revenue and admin fees by week",
            "svg": charts.bar_chart(
                labels,
                [
                    charts.Series("Revenue", tuple(w.revenue for w in weeks), "bar-a"),
                    charts.Series("Admin fees", tuple(w.admin_fees for w in weeks), "bar-b"),
                ],
            ),
            "legend": [("bar-a", "Revenue"), ("bar-b", "Admin fees")],
            "columns": ["Week of", "Revenue", "Officer pay", "Admin fees"],
            "rows": [[_short(w.start), w.revenue, w.officer_pay, w.admin_fees] for w in weeks],
        },
        {
            "id": "time-to-fill",
            "title": "Time to fill by week (hours from request)",
            "svg": charts.bar_chart(
                labels,
                [charts.Series("Hours", tuple(w.fill_hours for w in weeks), "bar-a")],
                suffix=" h",
            ),
            "columns": ["Week of", "Average hours to fill"],
            "rows": [
                [_short(w.start), "—" if w.fill_hours is None else w.fill_hours] for w in weeks
            ],
        },
    ]


@require_GET
@policy.guard("desk.view")
@staff_required
def desk_home(request):
    agency = request.agency
    now = timezone.now()
    rows = dashboard.attention(agency, now)
    context = {
        "staff_tab": "desk",
        "agency": agency,
        "now": now,
        "rows": rows,
        "urgent": sum(1 for r in rows if r.urgent),
        "days": dashboard.today_and_tomorrow(agency, now),
        "charts": chart_context(dashboard.weekly(agency, now)),
    }
    return render(request, "desk/dashboard.html", context)


# --- the agency log ------------------------------------------------------------------------------


def _log_choices(agency):
    officers = list(
        Officer.objects.filter(agency=agency).select_related("user").order_by("user__full_name")
    )
    staff_ids = agency.staff.values_list("user_id", flat=True)
    actors = list(get_user_model().objects.filter(pk__in=staff_ids).order_by("full_name", "pk"))
    return officers, actors


@require_GET
@policy.guard("desk.view")
@staff_required
def agency_log(request):
    """PLAT-AUDIT-1: the agency's events, newest first, filtered, in keyset pages."""
    agency = request.agency
    from audit.registry import registered

    officers, actors = _log_choices(agency)
    form = LogFilterForm(
        request.GET or None, officers=officers, actors=actors, kinds=_kinds(registered())
    )
    events = AuditEvent.objects.filter(agency=agency)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        events = events.none()
    elif form.is_bound:
        f = form.cleaned_data
        tz = agency.time_zone
        if f.get("job"):
            events = events.filter(job_id=f["job"])
        if f.get("officer"):
            events = events.filter(data__officer=f["officer"])
        if f.get("actor"):
            events = events.filter(actor_id=f["actor"])
        if f.get("kind"):
            events = events.filter(event_type=f["kind"])
        if f.get("since"):
            events = events.filter(at__gte=dashboard.local_day_start(f["since"], tz))
        if f.get("until"):
            end = dashboard.local_day_start(f["until"] + timedelta(days=1), tz)
            events = events.filter(at__lt=end)
        if f.get("after"):  # keyset: events older than the cursor (the pk follows time)
            cursor = AuditEvent.objects.filter(pk=int(f["after"])).values("at", "pk").first()
            if cursor:
                events = events.filter(at__lte=cursor["at"]).exclude(
                    at=cursor["at"], pk__gte=cursor["pk"]
                )
    page = list(events.select_related("actor").order_by("-at", "-pk")[: LOG_PAGE + 1])
    more = len(page) > LOG_PAGE
    page = page[:LOG_PAGE]
    next_url = ""
    if more:
        query = request.GET.copy()
        query["after"] = str(page[-1].pk)
        next_url = f"{request.path}?{query.urlencode()}"
    context = {
        "staff_tab": "log",
        "agency": agency,
        "form": form,
        "events": page,
        "next_url": next_url,
        "first_url": request.path + ("?" + _without_after(request) if request.GET else ""),
    }
    return render(request, "desk/log.html", context, status=status)


def _kinds(types: dict) -> list[tuple[str, str]]:
    """Each event type as the filter offers it: ("job.cancelled", "Job: cancelled")."""
    return sorted(
        (name, f"{name.split('.')[0].replace('_', ' ').capitalize()}: {kind.action}")
        for name, kind in types.items()
    )


def _without_after(request) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


# --- reports -------------------------------------------------------------------------------------


def _period(request, agency):
    today = timezone.now().astimezone(dashboard.ZoneInfo(agency.time_zone)).date()
    default = reports.default_period(agency, today)
    form = PeriodForm(
        request.GET if "since" in request.GET else None,
        initial={"since": default.since, "until": default.until},
    )
    if not form.is_bound:
        return form, default
    if form.is_valid():
        data = form.cleaned_data
        return form, reports.Period(data["since"], data["until"], agency.time_zone)
    return form, None


@require_GET
@policy.guard("desk.view")
@staff_required
def reports_page(request):
    agency = request.agency
    form, period = _period(request, agency)
    context = {"staff_tab": "reports", "agency": agency, "form": form, "period": period}
    if period is not None:
        context.update(
            hours=reports.officer_hours(agency, period),
            fill=reports.fill(agency, period),
            money=reports.money(agency, period),
            customers=reports.top_customers(agency, period),
            query=f"since={period.since.isoformat()}&until={period.until.isoformat()}",
        )
    return render(request, "desk/reports.html", context, status=200 if period else 400)


@require_GET
@policy.guard("desk.view")
@staff_required
def report_csv(request):
    """One report as CSV: ``?report=officer-hours|fill|money|customers&since=...&until=...``."""
    agency = request.agency
    name = request.GET.get("report", "")
    table = reports.TABLES.get(name)
    if table is None:
        from django.http import Http404

        raise Http404("No such report.")
    form, period = _period(request, agency)
    if period is None:
        return render(
            request,
            "desk/reports.html",
            {"staff_tab": "reports", "agency": agency, "form": form, "period": None},
            status=400,
        )
    header, rows = table(agency, period)
    filename = f"{agency.slug}-{name}-{period.since.isoformat()}-{period.until.isoformat()}.csv"
    return csv_response(filename, header, rows)


# --- the job page's staff actions ----------------------------------------------------------------


def _back(job_id: int) -> str:
    return reverse("jobs:detail", args=[job_id]) + "#staff-desk-title"


def _active_officers(agency_id: int):
    return Officer.objects.filter(agency_id=agency_id, active=True).select_related("user")


@require_POST
@policy.guard("position.assign", hide=True)
def job_assign(request, pk: int):
    """NOPD-SUB-1: a coordinator puts an officer on an open position of the job."""
    job = get_object_or_404(Job.objects.only("pk", "agency_id"), pk=pk)
    form = OfficerChoiceForm(request.POST, officers=_active_officers(job.agency_id))
    if not form.is_valid() or not form.cleaned_data.get("position"):
        messages.error(request, "Choose an officer for the position.")
        return redirect(_back(job.pk))
    position_id = form.cleaned_data["position"]
    from jobs.models import Position

    if not Position.objects.filter(pk=position_id, shift__job=job).exists():
        messages.error(request, "No such position on this job.")
        return redirect(_back(job.pk))
    try:
        assignment = assign_position(
            position_id, actor=request.user, officer=form.cleaned_data["officer"]
        )
    except policy.NotAllowed:
        raise
    except DomainError as error:
        messages.error(request, f"Not assigned: {error}")
    else:
        messages.success(request, f"{assignment.officer.user.display_name} is assigned.")
    return redirect(_back(job.pk))


def _staff_assignment(pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("officer__user", "position__shift__job"), pk=pk
    )


@require_POST
@policy.guard("assignment.substitute", hide=True)
def assignment_substitute(request, pk: int):
    """NOPD-SUB-1: replace the officer holding a position (the same checks as a claim)."""
    assignment = _staff_assignment(pk)
    job = assignment.position.shift.job
    form = OfficerChoiceForm(request.POST, officers=_active_officers(job.agency_id))
    if not form.is_valid():
        messages.error(request, "Choose the officer who takes over.")
        return redirect(_back(job.pk))
    try:
        new = substitute(assignment, actor=request.user, officer=form.cleaned_data["officer"])
    except policy.NotAllowed:
        raise
    except DomainError as error:
        messages.error(request, f"Not substituted: {error}")
    else:
        messages.success(
            request,
            f"{new.officer.user.display_name} replaces {assignment.officer.user.display_name}.",
        )
    return redirect(_back(job.pk))


@require_POST
@policy.guard("feedback.record", hide=True)
def assignment_feedback(request, pk: int):
    """NOPD-SURVEY-1: the customer's comments on this officer, recorded by the coordinator."""
    assignment = _staff_assignment(pk)
    job = assignment.position.shift.job
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(reverse("jobs:detail", args=[job.pk]) + "#feedback-title")
    try:
        services.record_feedback(
            assignment,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            comments=form.cleaned_data["comments"],
        )
    except policy.NotAllowed:
        raise
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Feedback on {assignment.officer.user.display_name} recorded.")
    return redirect(reverse("jobs:detail", args=[job.pk]) + "#feedback-title")

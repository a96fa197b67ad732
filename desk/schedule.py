"""The staff page that changes a shift's times (``/staff/jobs/<id>/schedule/``).

"Show the new price" previews (``jobs.services.preview_reschedule``: the new price, the charge
for what the move takes away, the difference the customer pays or is credited, and the officers
who would be released); "Confirm" does it (``jobs.services.reschedule_job``) holding the figures
shown, so a price that changed in between is refused in words and nothing changes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from agencies.formatting import money
from agencies.pricing.wire import charge_to_data
from desk.forms import ScheduleForm
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.forms import attach_error
from jobs import services
from jobs.models import Job, Shift
from jobs.services.common import ChargeChanged
from jobs.states import ACTIVE

CONFIRM = "confirm"


def live_shifts(job: Job) -> list[Shift]:
    return list(job.shifts.filter(cancelled=False).order_by("index"))


def _initial(shifts: list[Shift], tz) -> dict:
    first = shifts[0] if shifts else None
    if first is None:
        return {}
    return {
        "shift": first.index,
        "starts_at": first.starts_at.astimezone(tz).replace(tzinfo=None),
        "ends_at": first.ends_at.astimezone(tz).replace(tzinfo=None),
    }


@require_http_methods(["GET", "POST"])
@policy.guard("job.reschedule", hide=True)
def job_schedule(request, pk: int):
    """Change a shift's times, with the price difference shown before confirming."""
    job = get_object_or_404(Job.objects.select_related("agency", "organization"), pk=pk)
    policy.require(request.user, "job.reschedule", job)
    if job.status not in ACTIVE:
        messages.error(
            request, f"This job is {job.get_status_display().lower()}: its times cannot change."
        )
        return redirect("jobs:detail", pk=job.pk)
    shifts = live_shifts(job)
    tz_name = job.agency.time_zone
    action = request.POST.get("action", "")
    form = ScheduleForm(
        request.POST or None,
        shifts=shifts,
        time_zone=tz_name,
        initial=_initial(shifts, ZoneInfo(tz_name)),
    )
    plan, problem, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                plan = services.preview_reschedule(job, actor=request.user, change=form.change())
            except DomainError as error:
                attach_error(form, error, fallback="starts_at")
        if plan is not None and action == CONFIRM:
            done, problem = _confirm(request, job, form, plan)
            if done:
                return done
        elif plan is not None:
            status = 200
        if plan is not None:  # the confirmation holds the figures shown now
            form.data = form.data.copy()
            form.data["expected_total"] = str(plan.charge.total)
            form.data["expected_new_total"] = str(plan.quote.total)
    context = {
        "staff_tab": "desk",
        "agency": job.agency,
        "job": job,
        "tz": tz_name,
        "currency": job.agency.currency,
        "shifts": shifts,
        "form": form,
        "plan": plan,
        "charge": charge_to_data(plan.charge) if plan else None,
        "credit": plan is not None and plan.difference < 0,
        "difference": abs(plan.difference) if plan else None,
        "problem": problem,
    }
    return render(request, "desk/schedule.html", context, status=status)


def _confirm(request, job: Job, form: ScheduleForm, plan):
    data = form.cleaned_data
    if not data.get("reason", "").strip():
        form.add_error("reason", "Reason: say why the times change (the customer reads it).")
        return None, ""
    try:
        change = services.reschedule_job(
            job,
            actor=request.user,
            change=form.change(),
            reason=data["reason"],
            expected_total=data.get("expected_total"),
            expected_new_total=data.get("expected_new_total"),
        )
    except ChargeChanged as error:
        return None, str(error)
    except DomainError as error:
        attach_error(form, error, fallback="reason")
        return None, ""
    currency = job.agency.currency
    released = len(plan.released)
    note = ""
    if released:
        note = f" {released} officer(s) could not work the new times and were released."
    messages.success(
        request,
        f"The times are changed. New price {money(change.new_total, currency)}; charge "
        f"{money(change.charge_total, currency)}.{note}",
    )
    return redirect("jobs:detail", pk=job.pk), ""

"""Cancel or reduce a job, with the charge shown before the customer confirms.

The charges are the services' previews (priced by the engine from the job's card snapshot).
Who may cancel for police necessity (NOPD-CANCEL-1) and whether the charge is still the one the
page showed are the services' questions (``policy`` and ``expected_total``): the page shows
their answers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies.formatting import money
from agencies.pricing.wire import charge_to_data, quote_to_data
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.forms import attach_error
from jobs import services
from jobs.forms import CancelForm, ReduceForm, ReduceRows
from jobs.services.common import ChargeChanged
from jobs.states import ACTIVE
from jobs.views.common import newcomers_see_nothing, visible_job

REDUCE_ACTIONS = ("reduce", "preview_reduce")


@require_http_methods(["GET", "POST"])
@newcomers_see_nothing
@policy.guard("job.cancel")
def job_cancel(request, pk: int):
    job = visible_job(pk, detail=True)
    if job.status not in ACTIVE:
        messages.error(
            request, f"This job is {job.get_status_display().lower()}: it cannot be changed now."
        )
        return redirect("jobs:detail", pk=job.pk)
    is_staff = policy.allows(request.user, "job.cancel_police_necessity", job)
    try:
        charge = services.preview_cancellation(job, actor=request.user)
        police_charge = (
            services.preview_cancellation(job, actor=request.user, police_necessity=True)
            if is_staff
            else None
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("jobs:detail", pk=job.pk)

    action = request.POST.get("action", "")
    posted = request.POST if action in REDUCE_ACTIONS else None
    cancel_form = CancelForm(request.POST if action == "cancel" else None, prefix="cancel")
    reduce_form = ReduceForm(request.POST if action == "reduce" else None, prefix="reduce")
    rows = ReduceRows(job, posted)
    page = {"problem": "", "reduction": None, "status": 200}

    if action == "cancel":
        done = _cancel(request, job, cancel_form, charge, page)
        if done:
            return done
    elif action in REDUCE_ACTIONS:
        done = _reduce(request, job, action, rows, reduce_form, charge.currency, page)
        if done:
            return done
    if action != "cancel":
        cancel_form = CancelForm(prefix="cancel", initial={"expected_total": charge.total})
    else:  # confirming again confirms the charge shown now
        cancel_form.data = cancel_form.data.copy()
        cancel_form.data["cancel-expected_total"] = str(charge.total)
    reduction = page["reduction"]
    if reduction is not None:  # the confirmation holds the figures shown now
        figures = {
            "expected_total": reduction.charge.total,
            "expected_new_total": reduction.quote.total,
        }
        if action == "reduce":
            reduce_form.data = reduce_form.data.copy()
            for name, value in figures.items():
                reduce_form.data[f"reduce-{name}"] = str(value)
        else:
            reduce_form = ReduceForm(prefix="reduce", initial=figures)
    context = {
        "job": job,
        "agency": job.agency,
        "tz": job.agency.time_zone,
        "currency": charge.currency,
        "charge": charge_to_data(charge),
        "police_charge": charge_to_data(police_charge) if police_charge else None,
        "cancel_form": cancel_form,
        "reduce_form": reduce_form,
        "rows": rows,
        "reduction": (
            {"charge": charge_to_data(reduction.charge), "quote": quote_to_data(reduction.quote)}
            if reduction
            else None
        ),
        "problem": page["problem"],
        "is_staff": is_staff,
        "action": action,
        "section": "jobs",
    }
    return render(request, "jobs/cancel.html", context, status=page["status"])


def _cancel(request, job, form: CancelForm, charge, page: dict):
    page["status"] = 400
    if not form.is_valid():
        return None
    try:
        change = services.cancel_job(
            job,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            police_necessity=form.cleaned_data["police_necessity"],
            expected_total=form.cleaned_data["expected_total"],
        )
    except ChargeChanged as error:
        page["problem"] = str(error)
    except DomainError as error:
        attach_error(form, error)
    else:
        total = money(change.charge_total, charge.currency)
        note = " Any advance payment is refunded in full." if change.refund_due else ""
        messages.success(request, f"The job is cancelled. Charge: {total}.{note}")
        return redirect("jobs:detail", pk=job.pk)
    return None


def _reduce(request, job, action: str, rows: ReduceRows, form: ReduceForm, currency, page: dict):
    if not rows.is_valid():
        page["status"] = 400
        return None
    changes = rows.changes()
    try:
        page["reduction"] = services.preview_reduction(job, actor=request.user, changes=changes)
    except DomainError as error:
        page["status"] = 400
        if not rows.place(error):
            page["problem"] = str(error)
        return None
    if action != "reduce":
        return None
    page["status"] = 400
    if not form.is_valid():
        return None
    try:
        change = services.reduce_job(
            job,
            actor=request.user,
            changes=changes,
            reason=form.cleaned_data["reason"],
            expected_total=form.cleaned_data["expected_total"],
            expected_new_total=form.cleaned_data["expected_new_total"],
        )
    except ChargeChanged as error:
        page["problem"] = str(error)
    except DomainError as error:
        if not rows.place(error):
            attach_error(form, error, fallback="reason")
    else:
        total = money(change.charge_total, currency)
        new = money(change.new_total, currency)
        messages.success(request, f"The job is reduced. New price {new}; charge {total}.")
        return redirect("jobs:detail", pk=job.pk)
    return None

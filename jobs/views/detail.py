"""The job page, and the coordinator's approve and deny on it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from billing.panel import job_billing
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.forms import attach_error
from jobs import read, services
from jobs.forms import DenyForm
from jobs.models import Job
from jobs.states import ACTIVE
from jobs.views.common import newcomers_see_nothing, visible_job

STEPS = (
    Job.Status.REQUESTED,
    Job.Status.APPROVED,
    Job.Status.FILLED,
    Job.Status.IN_PROGRESS,
    Job.Status.COMPLETED,
)


def steps(job: Job) -> list[dict]:
    """The lifecycle as steps, each done, current or to come (none for a denied or cancelled
    job: the page says so instead)."""
    if job.status not in STEPS:
        return []
    here = STEPS.index(job.status)
    return [
        {"label": step.label, "state": "done" if k < here else "current" if k == here else "todo"}
        for k, step in enumerate(STEPS)
    ]


def job_context(request, job: Job, **extra) -> dict:
    """What the job page shows (``jobs.read``: the same reading as the API's job)."""
    shifts = read.shift_views(job)
    assignments = [p.assignment for s in shifts for p in s.positions if p.assignment]
    changes = list(job.changes.all())
    user = request.user
    context = {
        "job": job,
        "steps": steps(job),
        "rank_name": read.rank_name(job, job.rank),
        "tier_words": read.tier_words(job, shifts),
        "agency": job.agency,
        "tz": job.agency.time_zone,
        "shifts": shifts,
        "attendance": [a for a in assignments if a.checked_in_at or a.checked_out_at],
        "responsible": [a for a in assignments if a.responsible],
        "coordinator": read.coordinator(job),
        "timeline": list(job.audit.all()),
        "changes": changes,
        "charges": sum((ch.charge_total for ch in changes), Decimal("0.00")),
        "currency": (job.quote or {}).get("currency", job.agency.currency),
        "quote": job.quote or {},
        "preferred": list(job.preferred_officers.all()),
        "is_staff": policy.allows(user, "job.approve", job),
        "can_cancel": job.status in ACTIVE and policy.allows(user, "job.cancel", job),
        "can_decide": job.status == Job.Status.REQUESTED
        and policy.allows(user, "job.approve", job),
        "deny_form": DenyForm(),
        "billing": job_billing(job, user),
        "section": "jobs",
    }
    context.update(extra)
    return context


@newcomers_see_nothing
@policy.guard("job.view")
def job_detail(request, pk: int):
    job = visible_job(pk, detail=True)
    return render(request, "jobs/detail.html", job_context(request, job))


@require_POST
@newcomers_see_nothing
@policy.guard("job.approve")
def job_approve(request, pk: int):
    job = visible_job(pk)
    try:
        services.approve_job(job, actor=request.user)
    except policy.NotAllowed:
        raise
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Approved: the positions are posted to officers.")
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@newcomers_see_nothing
@policy.guard("job.deny")
def job_deny(request, pk: int):
    job = visible_job(pk)
    form = DenyForm(request.POST)
    if form.is_valid():
        try:
            services.deny_job(job, actor=request.user, reason=form.cleaned_data["reason"])
        except policy.NotAllowed:
            raise
        except DomainError as error:
            attach_error(form, error, fallback="reason")
        else:
            messages.success(request, "Denied: the customer sees your reason.")
            return redirect("jobs:detail", pk=job.pk)
    full = visible_job(pk, detail=True)
    return render(
        request, "jobs/detail.html", job_context(request, full, deny_form=form), status=400
    )

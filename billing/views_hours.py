"""The staff page where a coordinator reviews, corrects and approves a completed job's hours
worked (PLAT-ATTEND-1). The job is loaded through the scoped manager (another agency's: 404);
the services decide and audit (``officers.services.attendance.correct_hours``,
``billing.services.hours.approve_hours``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from billing.services.hours import approve_hours, hour_rows
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.forms import attach_error
from jobs.models import Job
from officers.models import Assignment
from officers.services.attendance import REASON_MAX, correct_hours

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class HoursForm(forms.Form):
    """One officer's corrected check-in and check-out (agency local time) and why."""

    checked_in_at = forms.DateTimeField(
        label="Checked in",
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
    )
    checked_out_at = forms.DateTimeField(
        label="Checked out",
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
    )
    reason = forms.CharField(label="Reason", max_length=REASON_MAX)

    def __init__(self, *args, time_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(time_zone)

    def moment(self, name: str):
        return self.cleaned_data[name].replace(tzinfo=None).replace(tzinfo=self.zone)


def _job(pk: int) -> Job:
    return get_object_or_404(Job.objects.select_related("agency"), pk=pk)


def _form_for(row, tz: str, prefix: str) -> HoursForm:
    zone = ZoneInfo(tz)
    a = row.assignment
    initial = {"reason": ""}
    if a.checked_in_at:
        initial["checked_in_at"] = a.checked_in_at.astimezone(zone).replace(tzinfo=None)
    if a.checked_out_at:
        initial["checked_out_at"] = a.checked_out_at.astimezone(zone).replace(tzinfo=None)
    return HoursForm(initial=initial, prefix=prefix, time_zone=tz)


def _page(request, job: Job, bound: dict | None = None, status: int = 200):
    tz = job.agency.time_zone
    rows = []
    for row in hour_rows(job):
        prefix = f"a{row.assignment.pk}"
        form = (bound or {}).get(row.assignment.pk) or _form_for(row, tz, prefix)
        rows.append({"row": row, "form": form})
    return render(
        request,
        "billing/hours.html",
        {
            "job": job,
            "tz": tz,
            "rows": rows,
            "ready": all(item["row"].ready for item in rows),
            "section": "jobs",
        },
        status=status,
    )


@policy.guard("hours.approve", hide=True)
def hours(request, pk: int):
    job = _job(pk)
    policy.require(request.user, "hours.approve", job)
    return _page(request, job)


@require_POST
@policy.guard("hours.approve", hide=True)
def correct(request, pk: int, assignment_pk: int):
    job = _job(pk)
    assignment = get_object_or_404(
        Assignment.objects.filter(position__shift__job=job), pk=assignment_pk
    )
    form = HoursForm(request.POST, prefix=f"a{assignment.pk}", time_zone=job.agency.time_zone)
    if form.is_valid():
        try:
            correct_hours(
                assignment,
                actor=request.user,
                checked_in_at=form.moment("checked_in_at"),
                checked_out_at=form.moment("checked_out_at"),
                reason=form.cleaned_data["reason"],
            )
        except policy.NotAllowed:
            raise
        except DomainError as error:
            attach_error(form, error, fallback="reason")
        else:
            messages.success(request, "Hours corrected.")
            return redirect("billing-job-hours", pk=job.pk)
    return _page(request, job, bound={assignment.pk: form}, status=400)


@require_POST
@policy.guard("hours.approve", hide=True)
def approve(request, pk: int):
    job = _job(pk)
    try:
        document = approve_hours(job, actor=request.user)
    except policy.NotAllowed:
        raise
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("billing-job-hours", pk=job.pk)
    if document is None:
        messages.success(request, "Hours approved: they agree with the invoice.")
    else:
        messages.success(
            request, f"Hours approved: {document.get_kind_display().lower()} {document.number}."
        )
    return redirect("jobs:detail", pk=job.pk)

"""Jobs move on with the clock (a sweep, every minute with the others): a job whose first
remaining shift has started is in progress, and one whose last remaining shift has ended is
complete, whether or not anybody pressed a button. Cancelled shifts do not count. Jobs still
waiting for approval are left to the coordinators.

The state change goes through ``start_job`` / ``complete_job`` (row lock, allowed states, audit
entry "by DetailHire"), so a job a coordinator or another sweep moved meanwhile is skipped."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Min, Q

from jobs.models import Job
from jobs.services.common import TransitionError
from jobs.services.lifecycle import complete_job, start_job
from jobs.sweeps import register

S = Job.Status
_LIVE = Q(shifts__cancelled=False)


def _jobs(states):
    return (
        Job.objects.filter(status__in=states)
        .annotate(first_start=Min("shifts__starts_at", filter=_LIVE))
        .annotate(last_end=Max("shifts__ends_at", filter=_LIVE))
        .only("pk", "status")
        .order_by("pk")
    )


@register("job-progress", "jobs started or completed by the clock")
def advance_jobs(now: datetime) -> list[str]:
    actions = []
    for job in _jobs((S.APPROVED, S.FILLED, S.IN_PROGRESS)).filter(last_end__lte=now):
        try:
            complete_job(job, now=now)
        except TransitionError:
            continue  # moved on meanwhile
        actions.append(f"job {job.pk} completed")
    starting = _jobs((S.APPROVED, S.FILLED)).filter(first_start__lte=now, last_end__gt=now)
    for job in starting:
        try:
            start_job(job, now=now)
        except TransitionError:
            continue
        actions.append(f"job {job.pk} started")
    return actions

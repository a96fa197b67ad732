"""Jobs move on with the clock (a sweep, every minute with the others): a job whose first
remaining shift has started is in progress, and one whose last remaining shift has ended is
complete, whether or not anybody pressed a button. Cancelled shifts do not count. A request
nobody approved before its first shift started is closed (``expire_request``) and the customer
who made it is told by email.

The state change goes through ``start_job`` / ``complete_job`` (row lock, allowed states, audit
entry "by DetailHire"), so a job a coordinator or another sweep moved meanwhile is skipped."""

from __future__ import annotations

from datetime import datetime

from django.db.models import OuterRef, Subquery

from agencies.formatting import moment
from jobs import states
from jobs.models import Job, Shift
from jobs.services.common import TransitionError
from jobs.services.lifecycle import EXPIRED_REASON, complete_job, expire_request, start_job
from jobs.sweeps import register
from notifications.outbox import notify

S = Job.Status


def _live_shift_times(field: str, order: str) -> Subquery:
    """The first start or last end of a job's shifts still on, one indexed lookup per job (a
    correlated subquery, not a join: the planner would otherwise hash every shift ever worked
    to group the few jobs the pre-filter found)."""
    shifts = Shift._base_manager.filter(job=OuterRef("pk"), cancelled=False).order_by(order)
    return Subquery(shifts.values(field)[:1])


def _jobs(states, now: datetime):
    """Jobs in ``states`` that have started by ``now`` (a job's ``starts_at`` is its first
    shift's start, cancelled or not: none of the three moves happens to a job not started yet).
    That pre-filter reads the few due rows from the ``job_live_starts`` partial index instead of
    every job ever booked."""
    return (
        Job.objects.filter(status__in=states, starts_at__lte=now)
        .annotate(first_start=_live_shift_times("starts_at", "starts_at"))
        .annotate(last_end=_live_shift_times("ends_at", "-ends_at"))
        .only("pk", "status")
        .order_by("pk")
    )


@register("job-progress", "jobs started or completed by the clock")
def advance_jobs(now: datetime) -> list[str]:
    actions = []
    for job in _jobs(states.APPROVED, now).filter(last_end__lte=now):
        try:
            complete_job(job, now=now)
        except TransitionError:
            continue  # moved on meanwhile
        actions.append(f"job {job.pk} completed")
    starting = _jobs(states.NOT_STARTED, now).filter(first_start__lte=now, last_end__gt=now)
    for job in starting:
        try:
            start_job(job, now=now)
        except TransitionError:
            continue
        actions.append(f"job {job.pk} started")
    for job in _jobs((S.REQUESTED,), now).filter(first_start__lte=now):
        try:
            expire_request(job, now=now)
        except TransitionError:
            continue
        _tell_the_requester(job.pk)
        actions.append(f"job {job.pk} closed: not approved before its start")
    return actions


def _tell_the_requester(job_id: int) -> None:
    job = Job.objects.select_related("agency", "created_by").get(pk=job_id)
    if not job.created_by.email:
        return
    context = {
        "job": job,
        "agency": job.agency,
        "starts": moment(job.starts_at, job.agency.time_zone),
        "reason": EXPIRED_REASON,
    }
    notify("jobs/email/request_closed", context, [job.created_by], key=f"job:{job.pk}:closed")

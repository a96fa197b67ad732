"""Where a claim or a withdrawal touches the job's own state: the booking services own the job's
lifecycle (``jobs.services.lifecycle``); this module is the one call site for them."""

from __future__ import annotations

from jobs.models import Job, Position
from jobs.services import lifecycle


def job_fully_staffed(job_id: int) -> bool:
    """Every position of every live shift of the job is filled."""
    return not (
        Position._base_manager.filter(shift__job_id=job_id, shift__cancelled=False)
        .exclude(status__in=[Position.Status.FILLED, Position.Status.CANCELLED])
        .exists()
    )


def after_position_filled(job: Job, *, actor, now=None) -> None:
    """The job becomes filled when its last open position is taken. ``sync_fill_status`` locks
    the job and re-checks, so a stale ``job`` read never makes a claim fail here."""
    if job.status == Job.Status.APPROVED and job_fully_staffed(job.pk):
        lifecycle.sync_fill_status(job, actor=actor, now=now)


def after_position_reopened(job: Job, *, actor, now=None) -> None:
    """A filled job that lost an officer is open for claims again."""
    if job.status == Job.Status.FILLED:
        lifecycle.sync_fill_status(job, actor=actor, now=now)

"""Where a claim or a withdrawal touches the job's side: positions and jobs are the jobs app's
rows, changed only by its lifecycle services (``jobs.services.lifecycle``); this module is the
officer services' one call site for them."""

from __future__ import annotations

from jobs.models import Job, Position
from jobs.services import lifecycle


def after_position_filled(position: Position, job: Job, *, actor, now=None) -> None:
    """The position is taken (the caller holds its lock); the job becomes filled when it was
    the last open one. ``sync_fill_status`` locks the job and re-checks, so a stale ``job`` read
    never makes a claim fail here."""
    lifecycle.fill_position(position, job=job, actor=actor, now=now)


def after_position_reopened(position: Position, job: Job, *, actor, now=None) -> None:
    """The position's officer left: it is open again, and a filled job with it."""
    lifecycle.free_position(position, job=job, actor=actor, now=now)

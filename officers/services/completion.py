"""The end of an assignment's lifecycle (the officers app owns assignments; the jobs services
call this when a job completes, inside their transaction, as they call ``release`` when a job is
cancelled or reduced).

- ``end_for_job(job, *, actor, at)``: each active assignment of the job ends as ``completed``
  (the officer checked in) or ``no_show`` (never checked in), each audited on the job's timeline
  (``assignment.completed`` / ``assignment.no_show``). Returns how many.

Ended assignments leave the no-double-booking exclusion constraint (it covers active rows only,
``officers.dbops``) and the live schedule; they stay the job's holders (hours approval, notes).
"""

from __future__ import annotations

from datetime import datetime

from audit.log import record
from officers.models import Assignment
from officers.states import COMPLETABLE_STATES

__all__ = ["end_for_job", "end_state"]

State = Assignment.State


def end_state(assignment: Assignment) -> str:
    """How an active assignment ends when its job completes: worked when checked in."""
    return State.COMPLETED if assignment.checked_in_at is not None else State.NO_SHOW


def end_for_job(job, *, actor, at: datetime) -> int:
    """End the active assignments of ``job`` (locked first, in a stable order). The caller
    holds the job's lock. Idempotent: ended rows are not selected again."""
    active = (
        Assignment._base_manager.select_for_update(of=("self",))
        .filter(position__shift__job_id=job.pk, state__in=COMPLETABLE_STATES)
        .select_related("officer__user", "position__shift")
        .order_by("pk")
    )
    count = 0
    for assignment in active:
        before, after = assignment.state, end_state(assignment)
        assignment.state = after
        assignment.ended_at = at
        assignment.save(update_fields=["state", "ended_at"])
        record(
            assignment,
            actor=actor,
            event=f"assignment.{after}",
            job=job,
            from_state=before,
            to_state=after,
            data={
                "officer": assignment.officer_id,
                "officer_name": assignment.officer.user.display_name,
                "checked_in_at": assignment.checked_in_at,
                "hours_worked": assignment.hours_worked,
            },
            at=at,
        )
        count += 1
    return count

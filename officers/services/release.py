"""Releasing officers when the job changes under them (the officers app owns assignments; the
jobs services call these when a job is cancelled or reduced, inside their transaction).

- ``release_for_positions(position_ids, *, actor, at, reason, job)``: the active assignments of
  these positions end as cancelled, each audited (``reason``: the job change's kind, "cancel" or
  "reduce"). Returns how many.
- ``move_end(shift_id, ends_at)``: the active assignments of a shift that now ends earlier end
  then too. Returns how many.
- ``misfits(shift_id, starts_at, ends_at, *, job)``: a shift is to move to new times: its live
  assignments whose officers could not hold the new times (another detail or regular duty
  overlapping, an hour cap broken: PLAT-OVERLAP-1, NOPD-CAP-1, PLAT-DUTY-1), each with the reason
  in words. Changes nothing.
- ``move_times(shift_id, starts_at, ends_at)``: the shift's live assignments take its new times.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from audit.log import record
from detailhire.errors import ConflictError
from officers.models import Assignment
from officers.services import caps
from officers.services.cards import card_for_agency
from officers.services.responsibility import recompute_responsibility
from officers.states import RELEASABLE_STATES

__all__ = ["live_for_positions", "misfits", "move_end", "move_times", "release_for_positions"]


def live_for_positions(positions):
    """The live assignments of ``positions`` (a queryset of positions), with their officers: the
    ones a cancellation is about to release (to tell them)."""
    return (
        Assignment._base_manager.filter(position__in=positions, state__in=RELEASABLE_STATES)
        .select_related("officer__user")
        .order_by("pk")
    )


def release_for_positions(
    position_ids: Iterable[int], *, actor, at: datetime, reason: str, job
) -> int:
    """Cancel the active assignments of ``position_ids`` (locked first), each with its audit row
    on ``job``'s timeline. The caller holds the job's lock and closes the positions."""
    ids = list(position_ids)
    if not ids:
        return 0
    active = (
        Assignment._base_manager.select_for_update()
        .filter(position_id__in=ids, state__in=RELEASABLE_STATES)
        .select_related("officer__user", "position")
        .order_by("pk")
    )
    count = 0
    shifts: set[int] = set()
    for assignment in active:
        before = assignment.state
        assignment.state = Assignment.State.CANCELLED
        assignment.ended_at = at
        assignment.responsible = False  # a released officer is responsible for nothing
        assignment.save(update_fields=["state", "ended_at", "responsible"])
        shifts.add(assignment.position.shift_id)
        record(
            assignment,
            actor=actor,
            event="assignment.cancelled",
            job=job,
            from_state=before,
            to_state=Assignment.State.CANCELLED,
            data={
                "officer": assignment.officer_id,
                "officer_name": assignment.officer.user.display_name,
                "change_kind": reason,
            },
            at=at,
        )
        count += 1
    if shifts:  # a reduction keeps the shift: another officer on it becomes responsible
        card = card_for_agency(job.agency, job)
        for shift_id in sorted(shifts):
            recompute_responsibility(shift_id, card=card)
    return count


def move_end(shift_id: int, ends_at: datetime) -> int:
    """The shift ``shift_id`` now ends at ``ends_at``: so do its active assignments."""
    return Assignment._base_manager.filter(
        position__shift_id=shift_id, state__in=RELEASABLE_STATES
    ).update(ends_at=ends_at)


def misfits(shift_id: int, starts_at: datetime, ends_at: datetime, *, job) -> list:
    """[(assignment, why)]: the shift's live assignments whose officer cannot work the new times
    (the claim's overlap, duty and cap checks, the assignment itself left out)."""
    card = card_for_agency(job.agency, job)
    found = []
    for assignment in live_for_positions_of_shift(shift_id):
        try:
            caps.check_schedule(
                assignment.officer_id,
                starts_at,
                ends_at,
                caps=card.hour_caps,
                time_zone=job.agency.time_zone,
                exclude=(assignment.pk,),
            )
        except ConflictError as error:
            why = (
                str(error)
                .replace("This overlaps your", "The new times overlap their")
                .replace("This would make", "The new times would make")
            )
            found.append((assignment, why))
    return found


def live_for_positions_of_shift(shift_id: int) -> list:
    """The shift's live assignments with their officers, in order."""
    return list(
        Assignment._base_manager.filter(position__shift_id=shift_id, state__in=RELEASABLE_STATES)
        .select_related("officer__user", "position")
        .order_by("pk")
    )


def move_times(shift_id: int, starts_at: datetime, ends_at: datetime) -> int:
    """The shift ``shift_id`` now runs from ``starts_at`` to ``ends_at``: so do its live
    assignments."""
    return Assignment._base_manager.filter(
        position__shift_id=shift_id, state__in=RELEASABLE_STATES
    ).update(starts_at=starts_at, ends_at=ends_at)

"""Claiming a position and leaving it (PLAT-CLAIM-1, PLAT-OVERLAP-1, NOPD-CAP-1, NOPD-REL-1).

Lock, re-check, write (docs/architecture.md). A claim locks, in this order, the officer's row (one
officer's claims run one after the other, so the overlap and cap checks see each other), the job's
row (the booking services lock the job first too, so the order is the same everywhere) and the
position's row; then it re-checks everything and writes. On PostgreSQL the partial unique index
(one active assignment per position) and the exclusion constraint (no overlapping active
assignments per officer) back the checks; a race that got past them anyway answers the same 409.

``LOCKING`` exists for the concurrency tests only: switched off, the claim reads without locks
(the naive check-then-write), which is how the tests first prove the race is real.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import roles_of
from audit.log import record
from detailhire import policy
from detailhire.errors import ConflictError, NotFound
from jobs.models import Job, Position, Shift
from notifications import jobmail
from officers.dbops import OVERLAP_CONSTRAINT
from officers.events import position_data
from officers.models import Assignment, Officer
from officers.services import caps, eligibility, jobstate, notify
from officers.services.cards import card_for_agency
from officers.services.responsibility import recompute_responsibility
from officers.services.timefmt import day_and_time, hours_text
from officers.states import CLAIMABLE_JOB_STATES, CLAIMABLE_POSITION_STATES, LIVE_STATES

LOCKING = True  # tests only: False runs the naive, unlocked check-then-write

TAKEN = "This position has just been taken by another officer."
NOT_OPEN = "This position is not open for claims."


# --- locking -------------------------------------------------------------------------------------


def _locked(queryset):
    """``select_for_update`` on this row only (never the joined rows), unless locking is off."""
    return queryset.select_for_update(of=("self",)) if LOCKING else queryset


def lock_officer(officer_id: int) -> Officer:
    return _locked(Officer._base_manager.select_related("user", "agency")).get(pk=officer_id)


def lock_job(job_id: int) -> Job:
    return _locked(Job._base_manager.select_related("agency")).get(pk=job_id)


def lock_position(position_id: int) -> Position:
    return _locked(Position._base_manager.select_related("shift")).get(pk=position_id)


def lock_assignment(assignment_id: int) -> Assignment:
    return _locked(Assignment._base_manager.select_related("officer__user")).get(pk=assignment_id)


def officer_for(actor) -> int:
    """The claiming officer: the actor, once the policy lets them claim."""
    policy.require(actor, "position.claim")
    officer_id = roles_of(actor).officer_id
    if officer_id is None:  # the system never claims for an officer
        raise policy.NotAllowed(policy.message("position.claim"))
    return officer_id


def _job_id_of_position(position_id: int, agency_id: int) -> int:
    """The position's job, found in the officer's agency only: another agency's is not found.
    A position already filled is refused here, before any lock is taken (losers of a race do not
    queue behind the winner); an open one is re-checked under the locks."""
    found = (
        Position._base_manager.filter(pk=position_id, shift__job__agency_id=agency_id)
        .values_list("shift__job_id", "status")
        .first()
    )
    if found is None:
        raise NotFound("No such position.")
    if found[1] == Position.Status.FILLED:
        raise ConflictError(TAKEN)
    return found[0]


# --- checks shared with substitution -------------------------------------------------------------


def check_can_hold(
    officer: Officer, position: Position, shift: Shift, job: Job, *, card, exclude=()
) -> None:
    """Eligibility (rank, specialty), overlaps and hour caps for ``officer`` on ``position``."""
    if officer.agency_id != job.agency_id:
        raise NotFound("No such officer.")
    if not officer.active:
        raise ConflictError(f"{officer.user.display_name} is not an active officer.")
    eligibility.check_rank_and_specialty(card, officer, position)
    caps.check_schedule(
        officer.pk,
        shift.starts_at,
        shift.ends_at,
        caps=card.hour_caps,
        time_zone=job.agency.time_zone,
        exclude=exclude,
    )


def create_assignment(officer: Officer, position: Position, shift: Shift) -> Assignment:
    """Insert the active assignment; a constraint violation (a race) becomes the 409."""
    try:
        with transaction.atomic():
            return Assignment._base_manager.create(
                position=position,
                officer=officer,
                state=Assignment.State.ACTIVE,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
            )
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT in str(error):
            raise ConflictError("This overlaps another of your details.") from error
        raise ConflictError(TAKEN) from error


# --- claim ---------------------------------------------------------------------------------------


def claim_position(position_id: int, *, actor, now: datetime | None = None) -> Assignment:
    """The calling officer takes an open position (PLAT-CLAIM-1). Raises ConflictError (409) with
    the reason when taken, not open, reserved (NOPD-REL-1), not eligible, overlapping
    (PLAT-OVERLAP-1) or over an hour cap (NOPD-CAP-1); NotFound for another agency's position."""
    now = now or timezone.now()
    officer_id = officer_for(actor)
    agency_id = Officer._base_manager.filter(pk=officer_id).values_list("agency_id", flat=True)
    job_id = _job_id_of_position(position_id, agency_id.get())
    return _fill(position_id, job_id, officer_id, actor=actor, now=now, by_coordinator=False)


def assign_position(
    position: Position | int, *, actor, officer: Officer | int, now: datetime | None = None
) -> Assignment:
    """A coordinator puts ``officer`` on the open ``position`` (NOPD-SUB-1: the coordinator's
    call, so the preferred window does not apply and a shift already started may still be
    covered; eligibility, overlaps and hour caps apply exactly as for a claim)."""
    now = now or timezone.now()
    position_id = position.pk if isinstance(position, Position) else position
    officer_id = officer.pk if isinstance(officer, Officer) else officer
    try:
        job_id = (
            Position._base_manager.filter(pk=position_id)
            .values_list("shift__job_id", flat=True)
            .get()
        )
    except Position.DoesNotExist:
        raise NotFound("No such position.", field="position") from None
    return _fill(position_id, job_id, officer_id, actor=actor, now=now, by_coordinator=True)


def _fill(
    position_id: int, job_id: int, officer_id: int, *, actor, now: datetime, by_coordinator: bool
) -> Assignment:
    """What a claim and a coordinator's assignment share: lock the officer, the job and the
    position, re-check, create the assignment, recompute who is responsible, audit, move the
    job's fill state and tell the customer, in one transaction."""
    with transaction.atomic():
        try:
            officer = lock_officer(officer_id)
        except Officer.DoesNotExist:
            raise NotFound("No such officer.", field="officer") from None
        job = lock_job(job_id)
        if by_coordinator:
            policy.require(actor, "position.assign", job)
            if officer.agency_id != job.agency_id:
                raise NotFound("No such officer.", field="officer")
        position = lock_position(position_id)
        shift = position.shift
        card = card_for_agency(job.agency, job)

        if position.status == Position.Status.FILLED:
            raise ConflictError(
                "This position is already taken: substitute its officer instead."
                if by_coordinator
                else TAKEN
            )
        if (
            shift.cancelled
            or job.status not in CLAIMABLE_JOB_STATES
            or position.status not in CLAIMABLE_POSITION_STATES
        ):
            raise ConflictError("This position is not open." if by_coordinator else NOT_OPEN)
        if by_coordinator:
            if shift.ends_at <= now:
                raise ConflictError("This shift is already over.")
        else:
            if shift.starts_at <= now:
                raise ConflictError(
                    "This shift has already started; call your coordinator to be added."
                )
            eligibility.check_preferred_window(job, officer, position, now)
        check_can_hold(officer, position, shift, job, card=card)

        assignment = create_assignment(officer, position, shift)
        recompute_responsibility(shift.pk, card=card)
        data = {
            **position_data(position),
            "officer": officer.pk,
            "officer_name": officer.user.display_name,
        }
        record(
            assignment,
            actor=actor,
            event="assignment.assigned" if by_coordinator else "assignment.claimed",
            agency=job.agency,
            job=job,
            to_state=Assignment.State.ACTIVE,
            data={**data, "job_id": job.pk} if by_coordinator else data,
            at=now,
        )
        jobstate.after_position_filled(position, job, actor=actor, now=now)
        jobmail.officer_assigned(assignment)
    assignment.refresh_from_db(fields=["responsible"])
    return assignment


# --- withdraw and release ------------------------------------------------------------------------


def withdraw_cutoff(assignment: Assignment, card) -> datetime:
    hours = card.cancellation.withdraw_cutoff_hours
    return assignment.starts_at - timedelta(seconds=int(hours * 3600))


def withdraw(assignment: Assignment, *, actor, now: datetime | None = None) -> Assignment:
    """The holder leaves the detail until the card's cut-off before the start; after it, only a
    coordinator may release them (``release_assignment``). Staff calling this release."""
    return _leave(assignment, actor=actor, now=now, staff_only=False)


def release_assignment(assignment: Assignment, *, actor, now: datetime | None = None):
    """A coordinator or agency admin takes an officer off a detail at any time."""
    return _leave(assignment, actor=actor, now=now, staff_only=True)


def _leave(assignment: Assignment, *, actor, now, staff_only: bool) -> Assignment:
    now = now or timezone.now()
    with transaction.atomic():
        position_id = assignment.position_id
        job_id = (
            Position._base_manager.filter(pk=position_id)
            .values_list("shift__job_id", flat=True)
            .get()
        )
        job = lock_job(job_id)
        position = lock_position(position_id)
        held = lock_assignment(assignment.pk)
        # a coordinator (or the system) releases at any time; the holder withdraws until the
        # cut-off
        is_staff = policy.allows(actor, "assignment.release", held)
        policy.require(actor, "assignment.release" if staff_only else "assignment.withdraw", held)
        if held.state not in LIVE_STATES:
            raise ConflictError("This assignment is no longer active.")
        if held.ends_at <= now:
            raise ConflictError("This detail is already over.")
        card = card_for_agency(job.agency, job)
        if not is_staff:
            cutoff = withdraw_cutoff(held, card)
            if now > cutoff:
                raise ConflictError(
                    "You can withdraw until "
                    f"{hours_text(card.cancellation.withdraw_cutoff_hours)} h before the start "
                    f"({day_and_time(cutoff, job.agency.time_zone)}); "
                    "ask your coordinator to release you."
                )
        is_holder = actor is not None and roles_of(actor).officer_id == held.officer_id
        held.state = Assignment.State.WITHDRAWN
        held.ended_at = now
        held.responsible = False
        held.save(update_fields=["state", "ended_at", "responsible"])
        recompute_responsibility(position.shift_id, card=card)
        released_by = None if is_holder and not is_staff else _who(actor)
        record(
            held,
            actor=actor,
            event="assignment.withdrawn" if released_by is None else "assignment.released",
            agency=job.agency,
            job=job,
            from_state=Assignment.State.ACTIVE,
            to_state=Assignment.State.WITHDRAWN,
            data={
                **position_data(position),
                "officer": held.officer_id,
                "officer_name": held.officer.user.display_name,
            },
            at=now,
        )
        jobstate.after_position_reopened(position, job, actor=actor, now=now)
        notify.notify_position_reopened(held, job, released_by=released_by)
        jobmail.left(held)
    assignment.__dict__.update({f: getattr(held, f) for f in ("state", "ended_at", "responsible")})
    return held


def _who(actor) -> str:
    return actor.display_name if actor is not None else "DetailHire"

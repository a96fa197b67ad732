"""The desk's state changes: a coordinator assigns an officer to an open position (NOPD-SUB-1,
the same checks as a claim) and records the customer's feedback on an officer (NOPD-SURVEY-1).
Each locks its rows, re-checks, writes once and audits in the same transaction.

Substituting the officer on a held position is ``officers.services.substitution.substitute``;
approving, denying, cancelling and changing the schedule are ``jobs.services``."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.log import record
from desk.models import OfficerFeedback
from detailhire import policy
from detailhire.errors import ConflictError, NotFound
from jobs.models import Position
from officers.events import position_data
from officers.models import Assignment, Officer
from officers.services.cards import card_for_agency
from officers.services.claims import (
    check_can_hold,
    create_assignment,
    lock_job,
    lock_officer,
    lock_position,
)
from officers.services.jobstate import after_position_filled
from officers.services.responsibility import recompute_responsibility
from officers.states import CLAIMABLE_JOB_STATES, CLAIMABLE_POSITION_STATES, HOLDING_STATES

COMMENTS_MAX = 2000


def assign_officer(
    position: Position | int, *, actor, officer: Officer | int, now: datetime | None = None
) -> Assignment:
    """Put ``officer`` on the open ``position`` (NOPD-SUB-1: the coordinator's call, so the
    preferred window does not apply; eligibility, overlaps and hour caps do, as for a claim)."""
    now = now or timezone.now()
    position_id = position.pk if isinstance(position, Position) else position
    officer_id = officer.pk if isinstance(officer, Officer) else officer
    with transaction.atomic():
        try:
            job_id = (
                Position._base_manager.filter(pk=position_id)
                .values_list("shift__job_id", flat=True)
                .get()
            )
        except Position.DoesNotExist:
            raise NotFound("No such position.", field="position") from None
        try:
            new_officer = lock_officer(officer_id)
        except Officer.DoesNotExist:
            raise NotFound("No such officer.", field="officer") from None
        job = lock_job(job_id)
        policy.require(actor, "position.assign", job)
        if new_officer.agency_id != job.agency_id:
            raise NotFound("No such officer.", field="officer")
        locked = lock_position(position_id)
        shift = locked.shift
        if locked.status == Position.Status.FILLED:
            raise ConflictError("This position is already taken: substitute its officer instead.")
        if (
            shift.cancelled
            or job.status not in CLAIMABLE_JOB_STATES
            or locked.status not in CLAIMABLE_POSITION_STATES
        ):
            raise ConflictError("This position is not open.")
        if shift.ends_at <= now:
            raise ConflictError("This shift is already over.")
        card = card_for_agency(job.agency, job)
        check_can_hold(new_officer, locked, shift, job, card=card)
        assignment = create_assignment(new_officer, locked, shift)
        recompute_responsibility(shift.pk, card=card)
        record(
            assignment,
            actor=actor,
            event="assignment.assigned",
            agency=job.agency,
            job=job,
            to_state=Assignment.State.ACTIVE,
            data={
                **position_data(locked),
                "job_id": job.pk,
                "officer": new_officer.pk,
                "officer_name": new_officer.user.display_name,
            },
            at=now,
        )
        after_position_filled(locked, job, actor=actor, now=now)
    assignment.refresh_from_db(fields=["responsible"])
    return assignment


def record_feedback(
    assignment: Assignment,
    *,
    actor,
    rating: int,
    comments: str = "",
    now: datetime | None = None,
) -> OfficerFeedback:
    """The customer's comments on the officer of ``assignment`` (NOPD-SURVEY-1), recorded by a
    coordinator of the agency; only for an officer who worked (or holds) the detail."""
    now = now or timezone.now()
    if not 1 <= int(rating) <= 5:
        raise ConflictError("Rating: from 1 to 5.", field="rating")
    comments = (comments or "").strip()
    if len(comments) > COMMENTS_MAX:
        raise ConflictError(f"Comments: at most {COMMENTS_MAX} characters.", field="comments")
    with transaction.atomic():
        row = (
            Assignment._base_manager.select_related("officer__user", "position__shift__job")
            .filter(pk=assignment.pk)
            .get()
        )
        job = row.position.shift.job
        policy.require(actor, "feedback.record", job)
        if row.state not in HOLDING_STATES:
            raise ConflictError("This officer no longer works this detail.")
        feedback = OfficerFeedback.objects.model._base_manager.create(
            assignment=row,
            job=job,
            agency_id=job.agency_id,
            officer=row.officer,
            rating=int(rating),
            comments=comments,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            recorded_at=now,
        )
        record(
            feedback,
            actor=actor,
            event="feedback.recorded",
            agency=job.agency,
            job=job,
            data={
                "officer": row.officer_id,
                "officer_name": row.officer.user.display_name,
                "rating": int(rating),
            },
            at=now,
        )
    return feedback

"""Substitutions (NOPD-SUB-1): a coordinator replaces the officer holding a position with another
officer of the agency. The new officer passes the same eligibility, overlap and hour-cap checks as
a claim (the preferred window is the coordinator's call, so it does not apply); the old assignment
ends as "replaced"; both changes are audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.log import record
from detailhire import policy
from detailhire.errors import ConflictError, NotFound
from jobs.models import Position
from notifications import jobmail
from officers.events import position_data
from officers.models import Assignment, Officer
from officers.services.cards import card_for_agency
from officers.services.claims import (
    check_can_hold,
    create_assignment,
    lock_assignment,
    lock_job,
    lock_officer,
    lock_position,
)
from officers.services.responsibility import recompute_responsibility
from officers.states import LIVE_STATES


def substitute(
    assignment: Assignment, *, actor, officer: Officer | int, now: datetime | None = None
) -> Assignment:
    """Replace ``assignment``'s officer with ``officer``; returns the new active assignment."""
    now = now or timezone.now()
    officer_id = officer.pk if isinstance(officer, Officer) else officer
    with transaction.atomic():
        job_id = (
            Position._base_manager.filter(pk=assignment.position_id)
            .values_list("shift__job_id", flat=True)
            .get()
        )
        # the same lock order as a claim: officer, job, position, assignment
        try:
            new_officer = lock_officer(officer_id)
        except Officer.DoesNotExist:
            raise NotFound("No such officer.", field="officer") from None
        job = lock_job(job_id)
        policy.require(actor, "assignment.substitute", assignment)
        if new_officer.agency_id != job.agency_id:
            raise NotFound("No such officer.", field="officer")
        position = lock_position(assignment.position_id)
        old = lock_assignment(assignment.pk)
        if old.state not in LIVE_STATES:
            raise ConflictError("This assignment is no longer active.")
        if old.officer_id == new_officer.pk:
            raise ConflictError(f"{new_officer.user.display_name} already holds this position.")
        if old.ends_at <= now:
            raise ConflictError("This detail is already over.")
        shift = position.shift
        card = card_for_agency(job.agency, job)
        check_can_hold(new_officer, position, shift, job, card=card)

        old.state = Assignment.State.REPLACED
        old.ended_at = now
        old.responsible = False
        old.save(update_fields=["state", "ended_at", "responsible"])
        new = create_assignment(new_officer, position, shift)
        recompute_responsibility(shift.pk, card=card)
        old_name = old.officer.user.display_name
        new_name = new_officer.user.display_name
        record(
            old,
            actor=actor,
            event="assignment.replaced",
            agency=job.agency,
            job=job,
            from_state=Assignment.State.ACTIVE,
            to_state=Assignment.State.REPLACED,
            data={
                **position_data(position),
                "officer": old.officer_id,
                "officer_name": old_name,
                "by": new_officer.pk,
                "by_name": new_name,
            },
            at=now,
        )
        record(
            new,
            actor=actor,
            event="assignment.substituted",
            agency=job.agency,
            job=job,
            to_state=Assignment.State.ACTIVE,
            data={
                **position_data(position),
                "officer": new_officer.pk,
                "officer_name": new_name,
                "replaces": old.pk,
                "replaces_name": old_name,
            },
            at=now,
        )
        jobmail.officer_assigned(new, substitute_for=old)
    new.refresh_from_db(fields=["responsible"])
    return new

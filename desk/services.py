"""The desk's own state change: a coordinator records the customer's feedback on an officer
(NOPD-SURVEY-1), locked, re-checked, written once and audited in one transaction.

The desk changes other apps' rows only through their services: assigning an officer to an open
position is ``officers.services.claims.assign_position`` (NOPD-SUB-1, the same checks as a
claim), substituting the officer on a held position ``officers.services.substitution.substitute``;
approving, denying, cancelling and changing the schedule are ``jobs.services``."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.log import record
from desk.models import OfficerFeedback
from detailhire import policy
from detailhire.errors import ConflictError
from officers.models import Assignment
from officers.states import HOLDING_STATES

COMMENTS_MAX = 2000


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

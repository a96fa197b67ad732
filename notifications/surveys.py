"""The customer-service survey (NOPD-SURVEY-1): exactly once per completed job the customer who
requested it is emailed a link with a token; the page needs no login (the token is enough), takes
a rating (1-5) and a comment per officer who worked it and overall, is answered once, and expires
``SURVEY_VALID`` after it was sent. Coordinators read the answers on the job page."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.log import record
from detailhire.errors import ConflictError, DomainError, NotFound
from jobs.models import Job
from notifications import jobmail
from notifications.models import Survey, SurveyAnswer
from officers.models import Assignment, Officer
from officers.states import HOLDING_STATES

SURVEY_VALID = timedelta(days=30)
RATINGS = range(1, 6)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def officers_of(job: Job):
    """The officers who held the job's positions to the end (each once): those who worked it and
    the no-shows, whom the customer may want to comment on most."""
    ids = (
        Assignment._base_manager.filter(position__shift__job_id=job.pk, state__in=HOLDING_STATES)
        .values_list("officer_id", flat=True)
        .distinct()
    )
    return list(
        Officer._base_manager.filter(pk__in=list(ids)).select_related("user").order_by("pk")
    )


def send_survey(job: Job, *, now: datetime) -> Survey | None:
    """Create the job's survey and email its link, once: a second call (or a concurrent one)
    finds the survey made and does nothing. Returns the new survey or None."""
    job = Job._base_manager.select_related("agency", "created_by").get(pk=job.pk)
    if job.status != Job.Status.COMPLETED or not job.created_by.email:
        return None
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                job=job,
                token_hash=token_hash(token),
                sent_to=job.created_by.email,
                sent_at=now,
                expires_at=now + SURVEY_VALID,
            )
            jobmail.send(
                job,
                [job.created_by],
                event="survey",
                subject=f"How did it go? {job.title}",
                headline="Your detail is complete. Tell us how the officers did: it takes a "
                "minute, and your coordinator reads every answer.",
                next_step="Open the survey (no login needed); the link works once, for "
                f"{SURVEY_VALID.days} days.",
                link=jobmail.url("notifications:survey", token=token),
                link_label="Answer the survey",
                kind="surveys",
                key=f"job:{job.pk}:survey",
            )
            record(
                survey,
                actor=None,
                event="survey.sent",
                agency=job.agency,
                job=job,
                data={"to": survey.sent_to},
                at=now,
            )
    except IntegrityError:
        return None  # sent by another run
    return survey


def open_survey(token: str, *, now: datetime | None = None) -> Survey:
    """The unanswered, unexpired survey of ``token``; NotFound or ConflictError otherwise."""
    now = now or timezone.now()
    survey = (
        Survey.objects.select_related("job__agency").filter(token_hash=token_hash(token)).first()
    )
    if survey is None:
        raise NotFound("This survey link is not valid.")
    if survey.answered_at is not None:
        raise ConflictError("This survey was already answered. Thank you!")
    if survey.expires_at <= now:
        raise ConflictError("This survey link has expired.")
    return survey


@dataclass(frozen=True)
class OfficerAnswer:
    officer_id: int
    rating: int
    comment: str


def answer_survey(
    token: str,
    *,
    rating: int,
    comment: str,
    officers: tuple[OfficerAnswer, ...],
    now: datetime | None = None,
) -> Survey:
    """Store the answers once (the survey row locked and re-checked)."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = open_survey(token, now=now)
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.answered_at is not None:
            raise ConflictError("This survey was already answered. Thank you!")
        allowed = {o.pk for o in officers_of(survey.job)}
        for answer in officers:
            if answer.officer_id not in allowed or answer.rating not in RATINGS:
                raise DomainError("Rate each officer from 1 to 5.", field="officers")
        if rating not in RATINGS:
            raise DomainError("Rate the service from 1 to 5.", field="rating")
        survey.rating = rating
        survey.comment = comment
        survey.answered_at = now
        survey.save(update_fields=["rating", "comment", "answered_at"])
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(survey=survey, officer_id=a.officer_id, rating=a.rating, comment=a.comment)
            for a in officers
        )
        record(
            survey,
            actor=None,
            event="survey.answered",
            agency=survey.job.agency,
            job=survey.job,
            data={"rating": rating},
            at=now,
        )
    return survey


def answers_for(job: Job) -> Survey | None:
    """The job's answered survey with its answers, for the job page (coordinators)."""
    return (
        Survey.objects.filter(job_id=job.pk, answered_at__isnull=False)
        .prefetch_related("answers__officer__user")
        .first()
    )

"""Mail to the job's coordinator when an officer leaves a detail (templates
``officers/email/position_reopened*``; stored and sent after commit by ``notifications``)."""

from __future__ import annotations

from django.urls import reverse

from detailhire.mail import site_context
from jobs.models import Job
from notifications.jobmail import coordinators
from notifications.outbox import notify
from officers.models import Assignment
from officers.services.timefmt import day, hours_span


def notify_position_reopened(assignment: Assignment, job: Job, *, released_by=None) -> None:
    recipients = coordinators(job)
    if not recipients:
        return
    tz = job.agency.time_zone
    context = {
        "job": job,
        "officer_name": assignment.officer.user.display_name,
        "badge": assignment.officer.badge_number,
        "released_by": released_by,
        "day": day(assignment.starts_at, tz),
        "span": hours_span(assignment.starts_at, assignment.ends_at, tz),
        "job_url": site_context()["site_url"] + reverse("jobs:detail", kwargs={"pk": job.pk}),
    }
    notify(
        "officers/email/position_reopened",
        context,
        recipients,
        key=f"assignment:{assignment.pk}:reopened",
    )

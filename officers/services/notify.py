"""Mail to the job's coordinator when an officer leaves a detail (templates
``officers/email/position_reopened*``; sent after commit)."""

from __future__ import annotations

from django.urls import reverse

from agencies.models import StaffMembership
from detailhire.mail import send_on_commit, site_context
from jobs.models import Job
from officers.models import Assignment
from officers.services.timefmt import day, hours_span


def coordinator_emails(job: Job) -> list[str]:
    """The job's coordinator; with none named, every coordinator of the agency."""
    if job.coordinator_id and job.coordinator.email:
        return [job.coordinator.email]
    return list(
        StaffMembership._base_manager.filter(
            agency_id=job.agency_id, role=StaffMembership.Role.COORDINATOR
        )
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


def notify_position_reopened(assignment: Assignment, job: Job, *, released_by=None) -> None:
    recipients = coordinator_emails(job)
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
    send_on_commit("officers/email/position_reopened", context, recipients)

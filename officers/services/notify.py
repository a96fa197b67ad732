"""Mail to the job's coordinator when an officer leaves a detail (sent after commit)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction

from agencies.models import StaffMembership
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
    name = assignment.officer.user.display_name
    span = hours_span(assignment.starts_at, assignment.ends_at, tz)
    when = f"{day(assignment.starts_at, tz)}, {span}"
    how = "withdrew from" if released_by is None else f"was released by {released_by} from"
    subject = f"Position reopened: {job.title}, {day(assignment.starts_at, tz)}"
    body = (
        f"{name} (badge {assignment.officer.badge_number}) {how} the detail "
        f'"{job.title}" ({when}).\n\n'
        "The position is open on the job board again. Assign a substitute if it is not claimed "
        "in time.\n"
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))

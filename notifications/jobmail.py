"""The job-event emails (PLAT-NOTIFY-1), called by the services inside their transaction (the
rows are written there; the mail goes after commit). Each names the job, its times in the
agency's zone, what to do next, and links to the page the reader acts on.

Who hears what:
- request received: the customer (job_updates) and the agency's coordinators (job_updates)
- approved: the customer (job_updates); denied: the customer (essential)
- officer assigned (a claim or a substitute): the customer (job_updates), the new officer
- withdrawn or replaced: the officer (essential), the customer (job_updates); the coordinator
  hears through ``officers.services.notify``
- cancelled (any way, police necessity too): the customer, the coordinator(s) and every officer
  released, with the charge or refund (essential)
- rescheduled (the agency moved a shift): the customer (with what it adds or credits), the
  officers who keep the shift and those released (essential)
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.urls import reverse

from agencies.formatting import moment, money
from agencies.models import StaffMembership
from detailhire.mail import site_context
from jobs.models import Job, JobChange
from notifications.outbox import notify

NAME = "notifications/email/job_event"


def url(name: str, **kwargs) -> str:
    return site_context()["site_url"] + reverse(name, kwargs=kwargs)


def job_url(job: Job) -> str:
    return url("jobs:detail", pk=job.pk)


def assignment_url(assignment) -> str:
    return url("officers:assignment", pk=assignment.pk)


def when(job: Job, starts_at=None, ends_at=None) -> str:
    tz = job.agency.time_zone
    return f"{moment(starts_at or job.starts_at, tz)} to {moment(ends_at or job.ends_at, tz)}"


def coordinators(job: Job) -> list:
    """The job's coordinator; with none named, every coordinator of the agency."""
    if job.coordinator_id:
        return [job.coordinator]
    return [
        m.user
        for m in StaffMembership._base_manager.filter(
            agency_id=job.agency_id, role=StaffMembership.Role.COORDINATOR
        )
        .select_related("user")
        .order_by("pk")
    ]


def send(job: Job, to, *, event: str, subject: str, headline: str, next_step: str, link: str,
         link_label: str = "Open the job", lines=(), kind: str = "essential", key: str = "",
         starts_at=None, ends_at=None) -> list[int]:  # fmt: skip
    context = {
        "job": job,
        "agency": job.agency,
        "event": event,
        "subject": subject,
        "headline": headline,
        "lines": list(lines),
        "next_step": next_step,
        "link": link,
        "link_label": link_label,
        "when": when(job, starts_at, ends_at),
    }
    return notify(NAME, context, to, kind=kind, key=key)


def _fresh(job: Job | int) -> Job:
    pk = job.pk if isinstance(job, Job) else job
    return Job._base_manager.select_related("agency", "created_by", "coordinator").get(pk=pk)


# --- requests ------------------------------------------------------------------------------------


def request_received(job: Job) -> None:
    job = _fresh(job)
    short = " It is short notice: a coordinator must approve it." if job.requires_approval else ""
    send(
        job,
        [job.created_by],
        event="request_received",
        subject=f"Request received: {job.title}",
        headline=f"{job.agency.name} received your request.{short}",
        next_step="Nothing for now: you will hear from us when a coordinator decides.",
        link=job_url(job),
        kind="job_updates",
        key=f"job:{job.pk}:received",
    )
    send(
        job,
        coordinators(job),
        event="request_received",
        subject=f"New request: {job.title}",
        headline=f"{job.organization.name} requested officers.{short}",
        next_step="Approve or deny the request from the job page.",
        link=job_url(job),
        kind="job_updates",
        key=f"job:{job.pk}:received",
    )


def approved(job: Job) -> None:
    job = _fresh(job)
    lines = []
    if job.coordinator_id:
        phone = getattr(job.coordinator, "phone", "") or job.agency.office_phone
        lines.append(f"Your coordinator is {job.coordinator.display_name} ({phone}).".strip())
    send(
        job,
        [job.created_by],
        event="approved",
        subject=f"Request approved: {job.title}",
        headline=f"{job.agency.name} approved your request; officers can now sign up.",
        lines=lines,
        next_step="Check the invoice and its due date on the job page.",
        link=job_url(job),
        kind="job_updates",
        key=f"job:{job.pk}:approved",
    )


def denied(job: Job) -> None:
    job = _fresh(job)
    send(
        job,
        [job.created_by],
        event="denied",
        subject=f"Request denied: {job.title}",
        headline=f"{job.agency.name} cannot take this request. Reason: {job.cancel_reason}",
        next_step="Call the agency or send a new request.",
        link=job_url(job),
        key=f"job:{job.pk}:denied",
    )


# --- officers ------------------------------------------------------------------------------------


def officer_assigned(assignment, *, substitute_for=None) -> None:
    """``assignment``'s officer now holds the position (a claim, or a substitution for
    ``substitute_for``, the assignment that ended)."""
    job = _fresh(assignment.position.shift.job_id)
    officer = assignment.officer
    name = officer.user.display_name
    tag = f"assignment:{assignment.pk}"
    replaced = f", replacing {substitute_for.officer.user.display_name}" if substitute_for else ""
    send(
        job,
        [job.created_by],
        event="officer_assigned",
        subject=f"Officer assigned: {job.title}",
        headline=f"Officer {name} (badge {officer.badge_number}) is on your detail{replaced}.",
        next_step="Nothing: the officer will check in on site at the start.",
        link=job_url(job),
        kind="job_updates",
        key=f"{tag}:assigned",
        starts_at=assignment.starts_at,
        ends_at=assignment.ends_at,
    )
    if substitute_for is not None:
        send(
            job,
            [officer.user],
            event="substitute",
            subject=f"You were assigned: {job.title}",
            headline="Your coordinator assigned you to this detail.",
            next_step="Read the post orders and be on site before the start.",
            link=assignment_url(assignment),
            link_label="Open the assignment",
            key=f"{tag}:assigned",
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
        )
        left(substitute_for, replaced=True, tell_customer=False)


def left(assignment, *, replaced: bool = False, tell_customer: bool = True) -> None:
    """``assignment``'s officer is off the detail (withdrew, was released or replaced)."""
    job = _fresh(assignment.position.shift.job_id)
    officer = assignment.officer
    tag = f"assignment:{assignment.pk}"
    how = "replaced by another officer" if replaced else "taken off"
    send(
        job,
        [officer.user],
        event="left",
        subject=f"Off the detail: {job.title}",
        headline=f"You were {how} this detail; it is no longer on your schedule.",
        next_step="Nothing: the detail is off your schedule. Ask your coordinator if unsure.",
        link=url("officers:schedule"),
        link_label="Your schedule",
        key=f"{tag}:left",
        starts_at=assignment.starts_at,
        ends_at=assignment.ends_at,
    )
    if tell_customer:
        send(
            job,
            [job.created_by],
            event="officer_left",
            subject=f"Officer change: {job.title}",
            headline=f"Officer {officer.user.display_name} is no longer on your detail; "
            "the position is open again and the coordinator is finding a replacement.",
            next_step="Nothing for now: you will hear when another officer is assigned.",
            link=job_url(job),
            kind="job_updates",
            key=f"{tag}:left",
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
        )


# --- cancellations -------------------------------------------------------------------------------


def cancelled(change: JobChange, released=()) -> None:
    """Everyone the cancellation ``change`` affects: the customer, the coordinator(s) and the
    officers of ``released`` (assignments it cancelled), with the charge or the refund."""
    job = _fresh(change.job_id)
    currency = job.agency.currency
    if change.police_necessity:
        money_line = (
            "The agency cancelled for police necessity: there is no charge, and everything "
            "paid in advance is credited or refunded in full."
        )
    elif change.charge_total > Decimal("0"):
        money_line = f"Cancellation charge: {money(change.charge_total, currency)}."
    else:
        money_line = "There is no cancellation charge; anything paid in advance is credited."
    tag = f"job:{job.pk}:cancelled:{change.pk}"
    common = {"event": "cancelled", "key": tag, "subject": f"Cancelled: {job.title}"}
    send(
        job,
        [job.created_by],
        headline=f"The job was cancelled. Reason: {change.reason}",
        lines=[money_line],
        next_step="See the job page for the credit note or the charge.",
        link=job_url(job),
        **common,
    )
    send(
        job,
        coordinators(job),
        headline=f"The job was cancelled. Reason: {change.reason}",
        lines=[money_line, f"Officers released: {len(released)}."],
        next_step="Nothing: the officers were released and told.",
        link=job_url(job),
        **common,
    )
    for assignment in released:
        send(
            job,
            [assignment.officer.user],
            headline="This detail was cancelled and is off your schedule.",
            lines=[f"Reason: {change.reason}"],
            next_step="Nothing: you are released from the detail.",
            link=url("officers:schedule"),
            link_label="Your schedule",
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
            **common,
        )


# --- schedule changes ----------------------------------------------------------------------------


def rescheduled(change: JobChange, *, kept=(), released=(), before=None) -> None:
    """A shift moved to new times (``change``, a schedule change by the agency): the customer
    hears the new times and what it costs or credits; the officers who keep the shift
    (``kept``, assignments) the new times; those released (``released``, ``[(assignment,
    why)]``) that it is off their schedule and why (essential)."""
    job = _fresh(change.job_id)
    tz = job.agency.time_zone
    currency = job.agency.currency
    moved = change.shift_changes[0]
    starts_at = moment_of(moved["starts_at"])
    ends_at = moment_of(moved["ends_at"])
    was = f"{moment(before['starts_at'], tz)} to {moment(before['ends_at'], tz)}" if before else ""
    difference = change.new_total - change.previous_total + change.charge_total
    if difference > 0:
        money_line = f"This adds {money(difference, currency)} to your bill"
    elif difference < 0:
        money_line = f"You are credited {money(-difference, currency)}"
    else:
        money_line = "The price is unchanged"
    money_line += f" (new price {money(change.new_total, currency)}"
    if change.charge_total > Decimal("0"):
        money_line += f", including a charge of {money(change.charge_total, currency)}"
    money_line += ")."
    tag = f"job:{job.pk}:rescheduled:{change.pk}"
    common = {
        "event": "rescheduled",
        "key": tag,
        "subject": f"New times: {job.title}",
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    lines = [f"It was {was}." if was else "", f"Reason: {change.reason}"]
    send(
        job,
        [job.created_by],
        headline="The agency changed the times of your detail.",
        lines=[line for line in lines if line] + [money_line],
        next_step="See the job page for the new times and the invoice or credit note.",
        link=job_url(job),
        **common,
    )
    for assignment in kept:
        send(
            job,
            [assignment.officer.user],
            headline="The times of your detail changed; you are still on it.",
            lines=[line for line in lines if line],
            next_step="Check your schedule and be on site before the new start.",
            link=assignment_url(assignment),
            link_label="Open the assignment",
            **{**common, "key": f"{tag}:{assignment.pk}"},
        )
    for assignment, why in released:
        send(
            job,
            [assignment.officer.user],
            headline="The times of this detail changed and you cannot work them: you are "
            "released and it is off your schedule.",
            lines=[why],
            next_step="Nothing: ask your coordinator if unsure.",
            link=url("officers:schedule"),
            link_label="Your schedule",
            **{**common, "key": f"{tag}:{assignment.pk}"},
        )


def moment_of(text: str) -> datetime:
    return datetime.fromisoformat(text)

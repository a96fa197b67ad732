"""The job-event emails (PLAT-NOTIFY-1), called by the services inside their transaction (the
rows are written there; the mail goes after commit). Each names the job, its times in the
agency's zone, what to do next, and links to the page the reader acts on. The words of each
notice are one row of ``NOTICES`` (formatted with the job's and the event's values); ``tell``
sends a row.

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

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.urls import reverse

from agencies.formatting import moment, money
from agencies.models import StaffMembership
from detailhire.mail import site_context
from jobs.models import Job, JobChange
from notifications.kinds import ESSENTIAL
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


def send(
    job: Job,
    to,
    *,
    event: str,
    subject: str,
    headline: str,
    next_step: str,
    link: str,
    link_label: str = "Open the job",
    lines=(),
    kind: str = "essential",
    key: str = "",
    starts_at=None,
    ends_at=None,
) -> list[int]:
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


@dataclass(frozen=True)
class Notice:
    """The words of one notice: ``subject``, ``headline`` and ``next_step`` are formatted with
    ``title``, ``agency`` and the values the sender passes; ``link``: the job's page, the
    officer's assignment or their schedule."""

    event: str
    subject: str
    headline: str
    next_step: str
    kind: str = ESSENTIAL
    link: str = "job"
    link_label: str = "Open the job"


ON_SCHEDULE = {"link": "schedule", "link_label": "Your schedule"}

NOTICES = {
    "received.customer": Notice(
        "request_received",
        "Request received: {title}",
        "{agency} received your request.{short}",
        "Nothing for now: you will hear from us when a coordinator decides.",
        "job_updates",
    ),
    "received.coordinator": Notice(
        "request_received",
        "New request: {title}",
        "{organization} requested officers.{short}",
        "Approve or deny the request from the job page.",
        "job_updates",
    ),
    "approved": Notice(
        "approved",
        "Request approved: {title}",
        "{agency} approved your request; officers can now sign up.",
        "Check the invoice and its due date on the job page.",
        "job_updates",
    ),
    "denied": Notice(
        "denied",
        "Request denied: {title}",
        "{agency} cannot take this request. Reason: {reason}",
        "Call the agency or send a new request.",
    ),
    "assigned.customer": Notice(
        "officer_assigned",
        "Officer assigned: {title}",
        "Officer {officer} (badge {badge}) is on your detail{replaced}.",
        "Nothing: the officer will check in on site at the start.",
        "job_updates",
    ),
    "assigned.substitute": Notice(
        "substitute",
        "You were assigned: {title}",
        "Your coordinator assigned you to this detail.",
        "Read the post orders and be on site before the start.",
        link="assignment",
        link_label="Open the assignment",
    ),
    "left.officer": Notice(
        "left",
        "Off the detail: {title}",
        "You were {how} this detail; it is no longer on your schedule.",
        "Nothing: the detail is off your schedule. Ask your coordinator if unsure.",
        **ON_SCHEDULE,
    ),
    "left.customer": Notice(
        "officer_left",
        "Officer change: {title}",
        "Officer {officer} is no longer on your detail; "
        "the position is open again and the coordinator is finding a replacement.",
        "Nothing for now: you will hear when another officer is assigned.",
        "job_updates",
    ),
    "cancelled.customer": Notice(
        "cancelled",
        "Cancelled: {title}",
        "The job was cancelled. Reason: {reason}",
        "See the job page for the credit note or the charge.",
    ),
    "cancelled.coordinator": Notice(
        "cancelled",
        "Cancelled: {title}",
        "The job was cancelled. Reason: {reason}",
        "Nothing: the officers were released and told.",
    ),
    "cancelled.officer": Notice(
        "cancelled",
        "Cancelled: {title}",
        "This detail was cancelled and is off your schedule.",
        "Nothing: you are released from the detail.",
        **ON_SCHEDULE,
    ),
    "rescheduled.customer": Notice(
        "rescheduled",
        "New times: {title}",
        "The agency changed the times of your detail.",
        "See the job page for the new times and the invoice or credit note.",
    ),
    "rescheduled.kept": Notice(
        "rescheduled",
        "New times: {title}",
        "The times of your detail changed; you are still on it.",
        "Check your schedule and be on site before the new start.",
        link="assignment",
        link_label="Open the assignment",
    ),
    "rescheduled.released": Notice(
        "rescheduled",
        "New times: {title}",
        "The times of this detail changed and you cannot work them: you are released and it "
        "is off your schedule.",
        "Nothing: ask your coordinator if unsure.",
        **ON_SCHEDULE,
    ),
}


def tell(
    notice: str, job: Job, to, *, key: str, assignment=None, lines=(), times=None, **values
) -> list[int]:
    """Send the notice ``NOTICES[notice]`` about ``job`` to ``to``, once per ``key``; with an
    ``assignment``, its times (and its page, for an assignment link) rather than the job's;
    ``times``, ``(starts_at, ends_at)``, overrides both."""
    spec = NOTICES[notice]
    values = {"title": job.title, "agency": job.agency.name, **values}
    links = {"job": job_url, "assignment": lambda _: assignment_url(assignment)}
    links["schedule"] = lambda _: url("officers:schedule")
    return send(
        job,
        to,
        event=spec.event,
        subject=spec.subject.format(**values),
        headline=spec.headline.format(**values),
        next_step=spec.next_step,
        link=links[spec.link](job),
        link_label=spec.link_label,
        lines=lines,
        kind=spec.kind,
        key=key,
        starts_at=times[0] if times else getattr(assignment, "starts_at", None),
        ends_at=times[1] if times else getattr(assignment, "ends_at", None),
    )


def _fresh(job: Job | int) -> Job:
    pk = job.pk if isinstance(job, Job) else job
    return Job._base_manager.select_related("agency", "created_by", "coordinator").get(pk=pk)


# --- requests ------------------------------------------------------------------------------------


def request_received(job: Job) -> None:
    job = _fresh(job)
    short = " It is short notice: a coordinator must approve it." if job.requires_approval else ""
    key = f"job:{job.pk}:received"
    tell("received.customer", job, [job.created_by], key=key, short=short)
    organization = job.organization.name
    tell(
        "received.coordinator",
        job,
        coordinators(job),
        key=key,
        short=short,
        organization=organization,
    )


def approved(job: Job) -> None:
    job = _fresh(job)
    lines = []
    if job.coordinator_id:
        phone = getattr(job.coordinator, "phone", "") or job.agency.office_phone
        lines.append(f"Your coordinator is {job.coordinator.display_name} ({phone}).".strip())
    tell("approved", job, [job.created_by], key=f"job:{job.pk}:approved", lines=lines)


def denied(job: Job) -> None:
    job = _fresh(job)
    tell("denied", job, [job.created_by], key=f"job:{job.pk}:denied", reason=job.cancel_reason)


# --- officers ------------------------------------------------------------------------------------


def officer_assigned(assignment, *, substitute_for=None) -> None:
    """``assignment``'s officer now holds the position (a claim, or a substitution for
    ``substitute_for``, the assignment that ended)."""
    job = _fresh(assignment.position.shift.job_id)
    officer = assignment.officer
    key = f"assignment:{assignment.pk}:assigned"
    replaced = f", replacing {substitute_for.officer.user.display_name}" if substitute_for else ""
    tell(
        "assigned.customer",
        job,
        [job.created_by],
        key=key,
        assignment=assignment,
        officer=officer.user.display_name,
        badge=officer.badge_number,
        replaced=replaced,
    )
    if substitute_for is not None:
        tell("assigned.substitute", job, [officer.user], key=key, assignment=assignment)
        left(substitute_for, replaced=True, tell_customer=False)


def left(assignment, *, replaced: bool = False, tell_customer: bool = True) -> None:
    """``assignment``'s officer is off the detail (withdrew, was released or replaced)."""
    job = _fresh(assignment.position.shift.job_id)
    officer = assignment.officer
    key = f"assignment:{assignment.pk}:left"
    how = "replaced by another officer" if replaced else "taken off"
    tell("left.officer", job, [officer.user], key=key, assignment=assignment, how=how)
    if tell_customer:
        tell(
            "left.customer",
            job,
            [job.created_by],
            key=key,
            assignment=assignment,
            officer=officer.user.display_name,
        )


# --- cancellations -------------------------------------------------------------------------------


def _money_line(change: JobChange, currency: str) -> str:
    if change.police_necessity:
        return (
            "The agency cancelled for police necessity: there is no charge, and everything "
            "paid in advance is credited or refunded in full."
        )
    if change.charge_total > Decimal("0"):
        return f"Cancellation charge: {money(change.charge_total, currency)}."
    return "There is no cancellation charge; anything paid in advance is credited."


def cancelled(change: JobChange, released=()) -> None:
    """Everyone the cancellation ``change`` affects: the customer, the coordinator(s) and the
    officers of ``released`` (assignments it cancelled), with the charge or the refund."""
    job = _fresh(change.job_id)
    money_line = _money_line(change, job.agency.currency)
    key = f"job:{job.pk}:cancelled:{change.pk}"
    reason = change.reason
    tell("cancelled.customer", job, [job.created_by], key=key, lines=[money_line], reason=reason)
    lines = [money_line, f"Officers released: {len(released)}."]
    tell("cancelled.coordinator", job, coordinators(job), key=key, lines=lines, reason=reason)
    for assignment in released:
        tell(
            "cancelled.officer",
            job,
            [assignment.officer.user],
            key=key,
            assignment=assignment,
            lines=[f"Reason: {reason}"],
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
    key = f"job:{job.pk}:rescheduled:{change.pk}"
    times = (starts_at, ends_at)
    lines = [f"It was {was}." if was else "", f"Reason: {change.reason}"]
    lines = [line for line in lines if line]
    tell(
        "rescheduled.customer",
        job,
        [job.created_by],
        key=key,
        lines=[*lines, money_line],
        times=times,
    )
    for assignment in kept:
        user = [assignment.officer.user]
        tell(
            "rescheduled.kept",
            job,
            user,
            key=f"{key}:{assignment.pk}",
            assignment=assignment,
            lines=lines,
            times=times,
        )
    for assignment, why in released:
        user = [assignment.officer.user]
        tell(
            "rescheduled.released",
            job,
            user,
            key=f"{key}:{assignment.pk}",
            lines=[why],
            times=times,
        )


def moment_of(text: str) -> datetime:
    return datetime.fromisoformat(text)

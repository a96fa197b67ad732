"""The job lifecycle: requested -> approved (posted to officers) -> filled -> in progress ->
completed; or denied / cancelled.

``transition`` is the only code that changes ``Job.status``; every public function here (and
``jobs.services.cancellation``) goes through it, so each change is checked against the states it
may come from and writes an audit row (PLAT-AUDIT-1) in the same transaction.

Public functions (keyword-only ``actor``; each locks the job, re-checks, writes, audits):

- ``approve_job(job, *, actor, coordinator=None, now=None)``: a coordinator or admin of the
  agency accepts the request, becomes (or names) its coordinator (NOPD-COORD-1) and posts its
  positions to officers; with preferred officers, officer positions are reserved for them for
  ``PREFERRED_WINDOW`` (NOPD-REL-1).
- ``deny_job(job, *, actor, reason, now=None)``
- ``expire_request(job, *, now=None)``: a request nobody approved before its start is closed
- ``mark_filled(job, *, actor=None, now=None)`` / ``reopen(job, *, actor=None, reason="",
  now=None)``: called by the claim services when the last position fills or one opens again;
  ``sync_fill_status(job, *, actor=None, now=None)`` picks the right one (or none).
- ``fill_position(position, *, job, actor=None, now=None)`` / ``free_position(position, *, job,
  actor=None, now=None)``: the officer services' one way to change a position (a claim took it,
  its officer left), the job's fill status following.
- ``start_job(job, *, actor=None, now=None)`` / ``complete_job(job, *, actor=None, now=None)``:
  called by the sweeps; completing ends the job's active assignments (completed or no-show,
  ``officers.services.completion``).

Billing follows in the same transaction (``billing.services.job_billing``): a prepay job is
invoiced at approval (NOPD-PAY-1), a net job at completion, when positions never filled are
credited too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from agencies.models import StaffMembership
from audit.log import record
from billing.services.job_billing import bill_approval, bill_completion
from detailhire import policy
from jobs import states
from jobs.models import Job, Position, Shift
from jobs.services.common import BookingError, TransitionError, lock_job, sync
from notifications import jobmail
from officers.services import completion

__all__ = [
    "ACTIVE_STATES",
    "PREFERRED_WINDOW",
    "approve_job",
    "complete_job",
    "deny_job",
    "expire_request",
    "fill_position",
    "free_position",
    "mark_filled",
    "preferred_window",
    "reopen",
    "start_job",
    "sync_fill_status",
    "transition",
]

S = Job.Status

# NOPD-REL-1: how long officer positions of a job with preferred officers are held for them
# after approval, before they open to every eligible officer (``DETAILHIRE_PREFERRED_WINDOW_HOURS``
# overrides it). Never later than the shift's start.
PREFERRED_WINDOW = timedelta(hours=48)

# Where a job still has work ahead of it (cancel and reduce are possible): ``jobs.states``.
ACTIVE_STATES = states.ACTIVE

ALLOWED_FROM = {
    S.APPROVED: (S.REQUESTED,),
    S.DENIED: (S.REQUESTED,),
    S.FILLED: (S.APPROVED,),
    S.IN_PROGRESS: states.NOT_STARTED,
    S.COMPLETED: states.APPROVED,
    S.CANCELLED: ACTIVE_STATES,
}
# filled -> approved (a position opened again) is the one step back
ALLOWED_FROM_REOPEN = (S.FILLED,)

_CANNOT = {  # "this job is <state>: it cannot ..."
    S.APPROVED: "be approved",
    S.DENIED: "be denied",
    S.FILLED: "be marked as filled",
    S.IN_PROGRESS: "start",
    S.COMPLETED: "be completed",
    S.CANCELLED: "be cancelled",
}


def preferred_window() -> timedelta:
    hours = getattr(settings, "DETAILHIRE_PREFERRED_WINDOW_HOURS", None)
    return timedelta(hours=hours) if hours is not None else PREFERRED_WINDOW


def transition(
    job: Job,
    to: str,
    *,
    actor,
    action: str,
    at: datetime,
    allowed_from=None,
    details: dict | None = None,
    **fields,
) -> Job:
    """Move the LOCKED ``job`` to ``to`` (checked against the states it may come from), set
    ``fields``, save, and write the audit row. Call inside ``transaction.atomic()`` after
    ``lock_job``."""
    allowed = allowed_from if allowed_from is not None else ALLOWED_FROM[to]
    before = job.status
    if before not in allowed:
        what = "reopen" if allowed is ALLOWED_FROM_REOPEN else _CANNOT[to]
        raise TransitionError(
            f"This job is {Job.Status(before).label.lower()}: it cannot {what} now."
        )
    job.status = to
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "updated_at", *fields])
    record(
        job,
        actor=actor,
        event=f"job.{action}",
        from_state=before,
        to_state=to,
        data=details,
        at=at,
    )
    return job


def _move(
    job: Job,
    to: str,
    *,
    actor,
    action: str,
    now: datetime,
    check: Callable[[Job], None] | None = None,
    then: Callable[[Job], None] | None = None,
    **options,
) -> Job:
    """One step of the lifecycle in one transaction: lock the job, ``check(locked)`` (may raise),
    ``transition`` (allowed states, audit row), then ``then(locked)``. Returns ``job`` updated."""
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        if check is not None:
            check(locked)
        transition(locked, to, actor=actor, action=action, at=now, **options)
        if then is not None:
            then(locked)
    return sync(job, locked)


def _positions(job: Job):
    return Position._base_manager.filter(shift__job_id=job.pk, shift__cancelled=False)


# --- approval ------------------------------------------------------------------------------------


def approve_job(job: Job, *, actor, coordinator=None, now: datetime | None = None) -> Job:
    """Approve a requested job: set its coordinator (``coordinator``, default ``actor``: staff of
    the job's agency, NOPD-COORD-1) and open its positions to officers. Returns the job."""
    now = now or timezone.now()
    policy.require(actor, "job.approve", job)
    coordinator = coordinator or actor

    def check(locked: Job) -> None:
        if locked.status == S.REQUESTED and locked.starts_at <= now:
            raise TransitionError("This job's start has passed: it cannot be approved now.")
        if not StaffMembership.objects.filter(
            user_id=coordinator.pk, agency_id=locked.agency_id
        ).exists():
            raise BookingError(
                "The coordinator must be on this agency's staff.", field="coordinator"
            )

    return _move(
        job,
        S.APPROVED,
        actor=actor,
        action="approved",
        now=now,
        check=check,
        then=lambda locked: (_approved(locked, now), jobmail.approved(locked)),
        details={"coordinator": coordinator.pk, "coordinator_name": coordinator.display_name},
        coordinator=coordinator,
    )


def _approved(job: Job, now: datetime) -> None:
    _open_positions(job, now)
    bill_approval(job, at=now)  # NOPD-PAY-1: a prepay job is invoiced at approval


def _open_positions(job: Job, now: datetime) -> None:
    positions = _positions(job).filter(status=Position.Status.DRAFT)
    if not job.preferred_officers.exists():
        positions.update(status=Position.Status.OPEN, opened_at=now)
        return
    window_end = now + preferred_window()
    # officer positions are reserved for the preferred officers until the window ends (or the
    # shift starts, whichever is first); supervisor positions open to all at once
    positions.filter(role=Position.Role.SUPERVISOR).update(
        status=Position.Status.OPEN, opened_at=now
    )
    for shift in Shift._base_manager.filter(job_id=job.pk, cancelled=False):
        positions.filter(shift=shift, role=Position.Role.OFFICER).update(
            status=Position.Status.OPEN,
            opened_at=now,
            preferred_until=min(window_end, shift.starts_at),
        )


def deny_job(job: Job, *, actor, reason: str, now: datetime | None = None) -> Job:
    """Refuse a requested job, with the reason the customer will read."""
    now = now or timezone.now()
    policy.require(actor, "job.deny", job)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise BookingError("Say why the job is denied: the customer will read it.", field="reason")
    with transaction.atomic():
        job = _close_request(job, actor=actor, action="denied", reason=reason, now=now)
        jobmail.denied(job)
    return job


def _close_request(job: Job, *, actor, action: str, reason: str, now) -> Job:
    """Denied, with the reason the customer reads; its positions are cancelled."""
    return _move(
        job,
        S.DENIED,
        actor=actor,
        action=action,
        now=now,
        then=lambda locked: _positions(locked).update(status=Position.Status.CANCELLED),
        details={"reason": reason},
        cancel_reason=reason,
    )


EXPIRED_REASON = "It was not approved before it started, so no officers were scheduled."


def expire_request(job: Job, *, now: datetime | None = None) -> Job:
    """Close a request nobody approved before its first shift started (the job-progress sweep):
    denied by the system with the reason in words; its positions are cancelled."""
    return _close_request(
        job,
        actor=None,
        action="expired",
        reason=EXPIRED_REASON,
        now=now or timezone.now(),
    )


# --- filling -------------------------------------------------------------------------------------


def _open_count(job: Job) -> int:
    return (
        _positions(job)
        .exclude(status__in=(Position.Status.FILLED, Position.Status.CANCELLED))
        .count()
    )


def mark_filled(job: Job, *, actor=None, now: datetime | None = None) -> Job:
    """Every position of an approved job is filled: the job is filled. Refused while a position
    is still open."""

    def check(locked: Job) -> None:
        if _open_count(locked):
            raise TransitionError("This job still has open positions: it is not filled yet.")

    return _move(
        job,
        S.FILLED,
        actor=actor,
        action="filled",
        now=now or timezone.now(),
        check=check,
    )


def reopen(job: Job, *, actor=None, reason: str = "", now: datetime | None = None) -> Job:
    """A position of a filled job opened again (an officer withdrew): back to approved."""
    return _move(
        job,
        S.APPROVED,
        actor=actor,
        action="reopened",
        now=now or timezone.now(),
        allowed_from=ALLOWED_FROM_REOPEN,
        details={"reason": reason} if reason else None,
    )


def sync_fill_status(job: Job, *, actor=None, now: datetime | None = None) -> Job:
    """Filled when no position is open, approved when one is: whichever applies, or nothing.
    Call after claiming, withdrawing or substituting (inside or outside a transaction)."""
    now = now or timezone.now()
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        open_count = _open_count(locked)
        if locked.status == S.APPROVED and not open_count and _positions(locked).exists():
            return sync(job, mark_filled(locked, actor=actor, now=now))
        if locked.status == S.FILLED and open_count:
            return sync(job, reopen(locked, actor=actor, now=now))
    return sync(job, locked)


def fill_position(position: Position, *, job: Job, actor=None, now: datetime | None = None):
    """A claim or a substitution took ``position`` (locked by the caller, inside its
    transaction): it is filled, and the job too when it was the last open one."""
    if position.status != Position.Status.FILLED:
        position.status = Position.Status.FILLED
        position.save(update_fields=["status"])
    if job.status == S.APPROVED and not _open_count(job):
        sync_fill_status(job, actor=actor, now=now)


def free_position(position: Position, *, job: Job, actor=None, now: datetime | None = None):
    """The officer holding ``position`` (locked by the caller) left: it is open for claims
    again, and a filled job is back to approved. Its ``opened_at`` moves to now, so the officers
    who may claim it hear of it in their next daily digest (NOPD-REL-1); a preferred window
    already over is cleared (open to all, as before), one still running keeps it reserved."""
    if position.status == Position.Status.FILLED:
        now = now or timezone.now()
        position.status = Position.Status.OPEN
        position.opened_at = now
        if position.preferred_until is not None and position.preferred_until <= now:
            position.preferred_until = None
        position.save(update_fields=["status", "opened_at", "preferred_until"])
    if job.status == S.FILLED:
        sync_fill_status(job, actor=actor, now=now)


# --- work ----------------------------------------------------------------------------------------


def start_job(job: Job, *, actor=None, now: datetime | None = None) -> Job:
    """The first shift has started."""
    return _move(
        job,
        S.IN_PROGRESS,
        actor=actor,
        action="started",
        now=now or timezone.now(),
    )


def complete_job(job: Job, *, actor=None, now: datetime | None = None) -> Job:
    """The last shift has ended: its officers' assignments end (completed when checked in, else
    no-show: ``officers.services.completion``), a net job is invoiced, positions never filled are
    credited (billing), all in the same transaction."""
    now = now or timezone.now()

    def then(locked: Job) -> None:
        completion.end_for_job(locked, actor=actor, at=now)
        bill_completion(locked, at=now)

    return _move(job, S.COMPLETED, actor=actor, action="completed", now=now, then=then)

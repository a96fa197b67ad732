"""Changing a shift's times (agency staff): earlier, later, longer or shorter, priced and charged
like the customer's reduction (ODM-CANCEL-1/2, NOPD-CANCEL-2, PLAT-SNAPSHOT-1).

The job is re-priced on its CARD SNAPSHOT (never the current card), and what the move takes away
(hours cut at either end, inside a cancellation window) is charged by the same engine as a
reduction (``agencies.pricing.cancellation``: the moved shift stands for the original shift it
overlaps). The difference the customer pays or is credited is the new price minus the old, plus
that charge; billing issues the adjustment invoice or the credit note at once (``bill_change``).

The officers on the shift keep it when they can still work the new times (overlaps, regular
duty and the card's hour caps re-checked by the officers app: PLAT-OVERLAP-1, PLAT-DUTY-1,
NOPD-CAP-1); the others are released, their positions open again, and they are told.

Public functions:

- ``preview_reschedule(job, *, actor, change, at=None) -> Reschedule``: the new quote, the
  charge, the difference and who would be released; changes nothing.
- ``reschedule_job(job, *, actor, change, reason, expected_total=None, expected_new_total=None,
  at=None) -> JobChange``: the change done (``JobChange.Kind.RESCHEDULE``), audited
  (``job.rescheduled``), billed, and the customer and the shift's officers emailed.

``change`` is a ``jobs.inputs.ShiftTimes``. Bad input raises ``BookingError`` naming the field
(``starts_at``, ``ends_at``, ``shift``): a shift already started, a start in the past, an end not
after the start, longer than the card or ``detailhire.limits`` allow (PLAT-LIMIT-1), no change.
Only the agency's staff may (``job.reschedule``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from agencies.pricing.engine import quote as engine_quote
from agencies.pricing.types import CancellationCharge, Quote, QuoteError, QuoteRequest
from audit.log import record
from billing.services.job_billing import bill_change
from detailhire.limits import limit
from jobs.inputs import ShiftTimes
from jobs.models import Job, JobChange, Position, Shift
from jobs.services.booking import positions_for
from jobs.services.cancellation import (
    _authorize,
    _charge,
    _check_state,
    _live_shifts,
    _reason,
    _reconcile,
    _refresh_fill_status,
    _snapshot,
    record_change,
    reprice,
)
from jobs.services.common import BookingError, check_expected, lock_job, sync
from notifications import jobmail
from officers.services import release

__all__ = ["Reschedule", "preview_reschedule", "reschedule_job"]


@dataclass(frozen=True)
class Reschedule:
    """A schedule change worked out: the shift, its new times, the new quote, the charge for what
    the move takes away, and the officers who could not stay (``[(assignment, why)]``)."""

    shift: Shift
    starts_at: datetime
    ends_at: datetime
    quote: Quote
    request: QuoteRequest
    charge: CancellationCharge
    previous_total: Decimal
    released: tuple

    @property
    def difference(self) -> Decimal:
        """What the customer pays more (positive) or is credited (negative): the new price minus
        the old, plus the charge."""
        return self.quote.total - self.previous_total + self.charge.total

    def as_data(self) -> dict:
        s = self.shift
        return {
            "index": s.index,
            "officers_before": s.officers,
            "officers": s.officers,
            "starts_at_before": s.starts_at.isoformat(),
            "starts_at": self.starts_at.isoformat(),
            "ends_at_before": s.ends_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
        }


def _check_times(shift: Shift, change: ShiftTimes, at: datetime) -> None:
    starts_at, ends_at = change.starts_at, change.ends_at
    if starts_at.tzinfo is None:
        raise BookingError("The start needs its time zone.", field="starts_at")
    if ends_at.tzinfo is None:
        raise BookingError("The end needs its time zone.", field="ends_at")
    if shift.starts_at <= at:
        raise BookingError(
            "This shift has already started: its times can no longer change.", field="shift"
        )
    if starts_at <= at:
        raise BookingError("The new start is in the past: choose a later time.", field="starts_at")
    if ends_at <= starts_at:
        raise BookingError("The end must be after the start.", field="ends_at")
    most = limit("max_shift_hours")
    if ends_at - starts_at > timedelta(hours=most):
        raise BookingError(f"A shift can be at most {most} hours long.", field="ends_at")
    if starts_at == shift.starts_at and ends_at == shift.ends_at:
        raise BookingError(
            "Nothing would change: give a different start or end.", field="starts_at"
        )


def _plan(job: Job, change: ShiftTimes, at: datetime) -> Reschedule:
    card, original = _snapshot(job)
    live = _live_shifts(job)
    place = next((k for k, shift in enumerate(live) if shift.index == change.index), None)
    if place is None:
        raise BookingError("This job has no such shift (or it was removed).", field="shift")
    shift = live[place]
    _check_times(shift, change, at)
    moved = replace(original.shifts[place], starts_at=change.starts_at, ends_at=change.ends_at)
    shifts = list(original.shifts)
    shifts[place] = moved
    request = replace(original, shifts=tuple(shifts))
    try:
        new_quote = engine_quote(card, request)
    except QuoteError as exc:
        field = "ends_at" if "hours" in exc.message else "starts_at"
        raise BookingError(exc.message[:1].upper() + exc.message[1:], field=field) from None
    charge = _charge(job, at=at, remaining=request, police_necessity=False, live=live)
    released = tuple(release.misfits(shift.pk, change.starts_at, change.ends_at, job=job))
    return Reschedule(
        shift, change.starts_at, change.ends_at, new_quote, request, charge, job.total, released
    )


def preview_reschedule(
    job: Job, *, actor, change: ShiftTimes, at: datetime | None = None
) -> Reschedule:
    """The new price, the charge and who would be released if ``change`` were made."""
    at = at or timezone.now()
    _authorize(job, actor, "job.reschedule")
    _check_state(job, "rescheduled")
    with scopes_disabled():
        return _plan(job, change, at)


def reschedule_job(
    job: Job,
    *,
    actor,
    change: ShiftTimes,
    reason: str,
    expected_total: Decimal | None = None,
    expected_new_total: Decimal | None = None,
    at: datetime | None = None,
) -> JobChange:
    """Move one shift of ``job`` to new times: record the change and its charge, release the
    officers who no longer fit (the rest take the new times), re-price on the card snapshot,
    audit, bill and email. ``expected_total`` / ``expected_new_total``: the charge and the new
    price shown; when either differs now, ``ChargeChanged`` and nothing changes."""
    at = at or timezone.now()
    _authorize(job, actor, "job.reschedule")
    reason = _reason(reason)
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        _check_state(locked, "rescheduled")
        plan = _plan(locked, change, at)
        check_expected(plan.charge.total, expected_total, plan.charge.currency)
        check_expected(
            plan.quote.total, expected_new_total, plan.quote.currency, field="expected_new_total"
        )
        record_ = record_change(
            locked,
            JobChange.Kind.RESCHEDULE,
            actor=actor,
            at=at,
            reason=reason,
            shift_changes=[plan.as_data()],
            charge=plan.charge,
            quote=plan.quote,
        )
        before = {"starts_at": plan.shift.starts_at, "ends_at": plan.shift.ends_at}
        released = [assignment for assignment, _why in plan.released]
        _release(locked, released, actor=actor, at=at)
        _apply(locked, plan, actor=actor, at=at)
        kept = release.live_for_positions_of_shift(plan.shift.pk)
        record(
            locked,
            actor=actor,
            event="job.rescheduled",
            from_state=locked.status,
            to_state=locked.status,
            at=at,
            data={
                "change": record_.pk,
                "reason": reason,
                "shift": plan.shift.index,
                "starts_at_before": before["starts_at"],
                "ends_at_before": before["ends_at"],
                "starts_at": plan.starts_at,
                "ends_at": plan.ends_at,
                "previous_total": plan.previous_total,
                "total": plan.quote.total,
                "currency": plan.quote.currency,
                "charge_total": plan.charge.total,
                "released": len(released),
            },
        )
        _refresh_fill_status(locked, actor=actor, at=at)
        bill_change(record_, at=at)
        jobmail.rescheduled(record_, kept=kept, released=plan.released, before=before)
    sync(job, locked)
    return record_


def _release(job: Job, assignments: list, *, actor, at) -> None:
    """The officers who cannot work the new times leave; their positions open again."""
    if not assignments:
        return
    ids = [a.position_id for a in assignments]
    release.release_for_positions(
        ids, actor=actor, at=at, reason=JobChange.Kind.RESCHEDULE, job=job
    )
    Position._base_manager.filter(pk__in=ids, status=Position.Status.FILLED).update(
        status=Position.Status.OPEN
    )


def _apply(job: Job, plan: Reschedule, *, actor, at) -> None:
    """The shift takes its new times and the new quote's pay and supervision; the job too."""
    card, _original = _snapshot(job)
    job_type = next(jt for jt in card.job_types if jt.code == job.job_type)
    shift = Shift._base_manager.select_for_update().get(pk=plan.shift.pk)
    place = next(k for k, s in enumerate(_live_shifts(job)) if s.pk == shift.pk)
    summary = plan.quote.shifts[place]
    shift.starts_at, shift.ends_at = plan.starts_at, plan.ends_at
    shift.supervisors = summary.supervisors
    shift.officer_pay_rate = summary.officer_pay_rate
    shift.tier = summary.tier or ""
    shift.save(update_fields=["starts_at", "ends_at", "supervisors", "officer_pay_rate", "tier"])
    release.move_times(shift.pk, plan.starts_at, plan.ends_at)
    wanted = positions_for(card, job_type, job.rank, plan.quote, place, shift.officers)
    _reconcile(job, shift, wanted, actor=actor, at=at)
    reprice(job, plan.quote, plan.request)

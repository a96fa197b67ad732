"""Cancelling or reducing a job, and what it costs (ODM-CANCEL-0/1/2, NOPD-CANCEL-1/2).

The charge is computed by the pricing engine (``agencies.pricing.cancellation``) from the job's
CARD SNAPSHOT and REQUEST SNAPSHOT, never the current card (PLAT-SNAPSHOT-1): a later card version
changes neither the job's price nor what cancelling it costs. A confirmed change is recorded as a
``JobChange`` (the charge, the quote before and after, whether a full refund is due) for billing.

Public functions:

- ``preview_cancellation(job, *, actor, police_necessity=False, at=None) -> CancellationCharge``:
  what cancelling would cost at ``at``; changes nothing.
- ``cancel_job(job, *, actor, reason, police_necessity=False, expected_total=None, at=None,
  unpaid=False) -> JobChange`` (``unpaid``: cancelled at the prepayment deadline, NOPD-PAY-1,
  with no charge)
- ``preview_reduction(job, *, actor, changes, at=None) -> Reduction``: the charge and the new
  quote of a reduction; changes nothing.
- ``reduce_job(job, *, actor, changes, reason, expected_total=None, expected_new_total=None,
  at=None) -> JobChange``

``changes`` of a reduction: ``jobs.inputs.ShiftChange(index, officers, ends_at)`` values, typed by
the edge. ``index`` is the shift's ``Shift.index``; ``officers`` may only go down (0 removes the
shift); the end may only come earlier and stays after the start (an overnight shift's end is on
the next day: the page's form makes the date); the start cannot move (remove the shift and
request a new one instead). Shifts not named stay as they are.

``expected_total`` (and ``expected_new_total``): the charge (and new price) the user saw before
confirming. When given and the figure is now different, nothing changes and ``ChargeChanged`` (a
409) says the new figure, for page and API alike.

Who may act (``detailhire.policy``, actions of ``jobs.rules``): ``job.cancel`` / ``job.reduce``
(the customer or the agency's staff); police necessity also needs
``job.cancel_police_necessity`` (NOPD-CANCEL-1: agency staff only; no charge, every advance
payment refunded); a customer asking for it gets ``NotAllowed`` (403).

Jobs never writes assignments: the officers released by a cancellation or a reduction are
released by ``officers.services.release``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from agencies.pricing import card as c
from agencies.pricing import codec
from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote as engine_quote
from agencies.pricing.types import (
    CancellationCharge,
    CancellationRequest,
    Quote,
    QuoteError,
    QuoteRequest,
    ShiftRequest,
)
from agencies.pricing.wire import charge_to_data, quote_to_data
from audit.log import record
from billing.services.job_billing import bill_change
from detailhire import policy
from jobs import states
from jobs.inputs import TEXT_LIMITS, ShiftChange
from jobs.models import Job, JobChange, Position, Shift
from jobs.services.booking import REVIEW_WARNING, positions_for
from jobs.services.common import BookingError, TransitionError, check_expected, lock_job, sync
from jobs.services.lifecycle import transition
from notifications import jobmail
from officers.models import Assignment
from officers.services import release

__all__ = [
    "PlannedChange",
    "Reduction",
    "cancel_job",
    "preview_cancellation",
    "preview_reduction",
    "reduce_job",
]

S = Job.Status


@dataclass(frozen=True)
class PlannedChange:
    """One shift of a reduction, checked: the shift, its new officer count (0: removed) and end."""

    shift: Shift
    officers: int
    ends_at: datetime

    def as_data(self) -> dict:
        s = self.shift
        return {
            "index": s.index,
            "officers_before": s.officers,
            "officers": self.officers,
            "starts_at": s.starts_at.isoformat(),
            "ends_at_before": s.ends_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
        }


@dataclass(frozen=True)
class Reduction:
    """A reduction worked out: its charge, the job's new quote, the checked changes."""

    charge: CancellationCharge
    quote: Quote
    request: QuoteRequest
    changes: tuple[PlannedChange, ...]


# --- snapshots -----------------------------------------------------------------------------------


def _snapshot(job: Job) -> tuple[c.RateCard, QuoteRequest]:
    """The card and the request the job was priced at (PLAT-SNAPSHOT-1)."""
    return codec.from_data(c.RateCard, job.card_snapshot), codec.from_data(
        QuoteRequest, job.request_snapshot
    )


def _live_shifts(job: Job) -> list[Shift]:
    """The job's shifts still on, in request order (they match the request snapshot's shifts)."""
    return list(Shift._base_manager.filter(job_id=job.pk, cancelled=False).order_by("index"))


def _hours_worked(job: Job, live: list[Shift]) -> dict[int, Decimal]:
    """Officer-hours already worked per shift, keyed by the shift's place in the request."""
    place = {shift.pk: k for k, shift in enumerate(live)}
    rows = (
        Assignment._base_manager.filter(position__shift__in=live, hours_worked__isnull=False)
        .values("position__shift_id")
        .annotate(hours=Sum("hours_worked"))
    )
    return {place[row["position__shift_id"]]: row["hours"] for row in rows if row["hours"]}


def _charge(job, *, at, remaining, police_necessity, live=None, unpaid=False) -> CancellationCharge:
    card, original = _snapshot(job)
    live = live if live is not None else _live_shifts(job)
    request = CancellationRequest(
        cancelled_at=at,
        original=original,
        remaining=remaining,
        approved=job.status in states.APPROVED,
        by_agency=police_necessity,
        unpaid=unpaid,
        hours_worked=_hours_worked(job, live),
    )
    return cancellation_charge(card, request)


def _authorize(job: Job, actor, action: str, police_necessity: bool = False) -> None:
    policy.require(actor, action, job)
    if police_necessity:
        policy.require(actor, "job.cancel_police_necessity", job)


def _check_state(job: Job, what: str) -> None:
    if job.status not in states.ACTIVE:
        label = Job.Status(job.status).label.lower()
        raise TransitionError(f"This job is {label}: it cannot be {what} now.")


def _reason(reason: str) -> str:
    reason = reason.strip()
    most = TEXT_LIMITS["reason"]
    if not reason:
        raise BookingError("Say why (a short reason).", field="reason")
    if len(reason) > most:
        raise BookingError(f"The reason can be at most {most} characters.", field="reason")
    return reason


# --- cancelling ----------------------------------------------------------------------------------


def preview_cancellation(
    job: Job, *, actor, police_necessity: bool = False, at: datetime | None = None
) -> CancellationCharge:
    """What cancelling ``job`` at ``at`` would cost (for police necessity: nothing, for those the
    policy allows to ask). Changes nothing."""
    at = at or timezone.now()
    _authorize(job, actor, "job.cancel", police_necessity)
    _check_state(job, "cancelled")
    with scopes_disabled():
        return _charge(job, at=at, remaining=None, police_necessity=police_necessity)


def cancel_job(
    job: Job,
    *,
    actor,
    reason: str,
    police_necessity: bool = False,
    expected_total: Decimal | None = None,
    at: datetime | None = None,
    unpaid: bool = False,
) -> JobChange:
    """Cancel ``job``: record the charge (none for police necessity, which also makes every
    advance payment refundable), close its positions, release its officers (the officers app
    does), and set it cancelled. ``expected_total``: the charge the user saw (for police
    necessity, 0); when it differs from the charge now, ``ChargeChanged`` and nothing changes.
    ``unpaid``: the agency cancels the job because its invoice was not paid by the prepayment
    deadline (NOPD-PAY-1, agency staff or the system only): no cancellation charge, the invoice
    is credited in full. Returns the ``JobChange``."""
    at = at or timezone.now()
    _authorize(job, actor, "job.cancel", police_necessity or unpaid)
    reason = _reason(reason)
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        _check_state(locked, "cancelled")
        charge = _charge(
            locked, at=at, remaining=None, police_necessity=police_necessity, unpaid=unpaid
        )
        check_expected(charge.total, expected_total, charge.currency)
        change = JobChange(
            job=locked,
            kind=JobChange.Kind.CANCEL,
            actor=actor,
            at=at,
            reason=reason,
            police_necessity=police_necessity,
            status_before=locked.status,
            approved=locked.status in states.APPROVED,
            charge=charge_to_data(charge),
            charge_total=charge.total,
            previous_quote=locked.quote,
            previous_total=locked.total,
            new_quote=None,
            new_total=Decimal("0.00"),
            refund_due=police_necessity,
        )
        change.save(force_insert=True)
        positions = Position._base_manager.filter(shift__job_id=locked.pk)
        releasing = list(release.live_for_positions(positions))
        _cancel_positions(locked, positions, actor=actor, at=at, why=JobChange.Kind.CANCEL)
        transition(
            locked,
            S.CANCELLED,
            actor=actor,
            action="cancelled",
            at=at,
            details={
                "change": change.pk,
                "reason": reason,
                "charge_total": charge.total,
                "currency": charge.currency,
                "police_necessity": police_necessity,
            },
            cancelled_at=at,
            cancel_reason=reason,
            cancelled_by_agency=police_necessity,
        )
        bill_change(change, at=at)  # its charge invoiced or the rest credited, now
        jobmail.cancelled(change, released=releasing)
    sync(job, locked)
    return change


def _cancel_positions(job: Job, positions, *, actor, at, why: str) -> None:
    """Close ``positions`` (a queryset or list); the officers app releases their officers."""
    ids = (
        [p.pk for p in positions]
        if isinstance(positions, list)
        else list(positions.exclude(status=Position.Status.CANCELLED).values_list("pk", flat=True))
    )
    if not ids:
        return
    release.release_for_positions(ids, actor=actor, at=at, reason=why, job=job)
    Position._base_manager.filter(pk__in=ids).update(status=Position.Status.CANCELLED)


# --- reducing ------------------------------------------------------------------------------------


def _plan(job: Job, changes: tuple[ShiftChange, ...], at: datetime) -> Reduction:
    """Check a reduction of ``job`` and price it (card and request snapshots)."""
    card, original = _snapshot(job)
    if not changes:
        raise BookingError("Name at least one shift to reduce.", field="shifts")
    live = _live_shifts(job)
    by_index = {shift.index: k for k, shift in enumerate(live)}
    planned: dict[int, PlannedChange] = {}
    for k, item in enumerate(changes):
        where = f"shifts[{k}]"
        if item.index not in by_index:
            raise BookingError(
                "This job has no such shift (or it was removed).", field=f"{where}.index"
            )
        if item.index in planned:
            raise BookingError("This shift is named twice.", field=f"{where}.index")
        shift = live[by_index[item.index]]
        if shift.starts_at <= at:
            raise BookingError(
                "This shift has already started: ask the coordinator to change it.",
                field=f"{where}.index",
            )
        if item.officers < 0:
            raise BookingError(
                "The number of officers cannot be negative.", field=f"{where}.officers"
            )
        if item.officers > shift.officers:
            raise BookingError(
                f"A reduction can only lower the number of officers (now {shift.officers}); "
                "request a new job for more.",
                field=f"{where}.officers",
            )
        ends_at = item.ends_at
        if ends_at.tzinfo is None:
            raise BookingError("The end needs its time zone.", field=f"{where}.ends_at")
        if ends_at <= shift.starts_at:
            raise BookingError("The end must be after the start.", field=f"{where}.ends_at")
        if ends_at > shift.ends_at:
            raise BookingError(
                "A reduction can only end a shift earlier.", field=f"{where}.ends_at"
            )
        if item.officers == shift.officers and ends_at == shift.ends_at:
            continue
        planned[item.index] = PlannedChange(shift, item.officers, ends_at)
    if not planned:
        raise BookingError(
            "Nothing would change: fewer officers or an earlier end.", field="shifts"
        )
    remaining_shifts = []
    for k, shift in enumerate(live):
        wanted = original.shifts[k]
        change = planned.get(shift.index)
        if change is None:
            remaining_shifts.append(wanted)
        elif change.officers:
            remaining_shifts.append(ShiftRequest(wanted.starts_at, change.ends_at, change.officers))
    if not remaining_shifts:
        raise BookingError("That removes every shift: cancel the job instead.", field="shifts")
    remaining = replace(original, shifts=tuple(remaining_shifts))
    try:
        new_quote = engine_quote(card, remaining)
    except QuoteError as exc:
        raise BookingError(exc.message, field="shifts") from None
    charge = _charge(job, at=at, remaining=remaining, police_necessity=False, live=live)
    return Reduction(charge, new_quote, remaining, tuple(planned.values()))


def preview_reduction(
    job: Job, *, actor, changes: tuple[ShiftChange, ...], at: datetime | None = None
) -> Reduction:
    """The charge and the new quote of reducing ``job`` by ``changes``. Changes nothing."""
    at = at or timezone.now()
    _authorize(job, actor, "job.reduce")
    _check_state(job, "reduced")
    with scopes_disabled():
        return _plan(job, tuple(changes), at)


def reduce_job(
    job: Job,
    *,
    actor,
    changes: tuple[ShiftChange, ...],
    reason: str,
    expected_total: Decimal | None = None,
    expected_new_total: Decimal | None = None,
    at: datetime | None = None,
) -> JobChange:
    """Reduce ``job`` (fewer officers, earlier ends, shifts removed): record the charge, update
    shifts and positions (the officers app releases officers whose positions go), and re-price
    what remains on the job's card snapshot; the old quote is kept in the ``JobChange``.
    ``expected_total`` / ``expected_new_total``: the charge and the new price the user saw; when
    either differs now, ``ChargeChanged`` and nothing changes."""
    at = at or timezone.now()
    _authorize(job, actor, "job.reduce")
    reason = _reason(reason)
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        _check_state(locked, "reduced")
        plan = _plan(locked, tuple(changes), at)
        check_expected(plan.charge.total, expected_total, plan.charge.currency)
        check_expected(
            plan.quote.total, expected_new_total, plan.quote.currency, field="expected_new_total"
        )
        change = record_change(
            locked,
            JobChange.Kind.REDUCE,
            actor=actor,
            at=at,
            reason=reason,
            shift_changes=[ch.as_data() for ch in plan.changes],
            charge=plan.charge,
            quote=plan.quote,
        )
        _apply(locked, plan, actor=actor, at=at)
        before = locked.total
        reprice(locked, plan.quote, plan.request)
        record(
            locked,
            actor=actor,
            event="job.reduced",
            from_state=locked.status,
            to_state=locked.status,
            at=at,
            data={
                "change": change.pk,
                "reason": reason,
                "previous_total": before,
                "total": plan.quote.total,
                "currency": plan.quote.currency,
                "charge_total": plan.charge.total,
            },
        )
        _refresh_fill_status(locked, actor=actor, at=at)
        bill_change(change, at=at)
    sync(job, locked)
    return change


def record_change(job: Job, kind, *, actor, at, reason, shift_changes, charge, quote) -> JobChange:
    """A reduction or a schedule change of ``job`` recorded for billing: the job as it was, the
    charge and the new quote."""
    change = JobChange(
        job=job,
        kind=kind,
        actor=actor,
        at=at,
        reason=reason,
        police_necessity=False,
        status_before=job.status,
        approved=job.status in states.APPROVED,
        shift_changes=shift_changes,
        charge=charge_to_data(charge),
        charge_total=charge.total,
        previous_quote=job.quote,
        previous_total=job.total,
        new_quote=quote_to_data(quote),
        new_total=quote.total,
    )
    change.save(force_insert=True)
    return change


def reprice(job: Job, quote: Quote, request: QuoteRequest) -> None:
    """The job takes its new quote and request (its warnings kept), and the span of its live
    shifts."""
    job.quote = quote_to_data(quote)
    job.total = quote.total
    warnings = list(quote.warnings)
    if job.needs_review and REVIEW_WARNING not in warnings:
        warnings.append(REVIEW_WARNING)
    job.warnings = warnings
    job.request_snapshot = codec.to_data(request)
    live = _live_shifts(job)
    job.starts_at = min(s.starts_at for s in live)
    job.ends_at = max(s.ends_at for s in live)
    job.save(
        update_fields=[
            "quote",
            "total",
            "warnings",
            "request_snapshot",
            "starts_at",
            "ends_at",
            "updated_at",
        ]
    )


def _apply(job: Job, plan: Reduction, *, actor, at) -> None:
    """Shifts and positions as the reduced quote says."""
    card = codec.from_data(c.RateCard, job.card_snapshot)
    job_type = next(jt for jt in card.job_types if jt.code == job.job_type)
    changed = {ch.shift.index: ch for ch in plan.changes}
    live = _live_shifts(job)
    place = 0
    for shift in live:
        change = changed.get(shift.index)
        if change is not None and change.officers == 0:
            shift.cancelled = True
            shift.save(update_fields=["cancelled"])
            _cancel_positions(
                job,
                Position._base_manager.filter(shift=shift),
                actor=actor,
                at=at,
                why=JobChange.Kind.REDUCE,
            )
            continue
        summary = plan.quote.shifts[place]
        if change is not None:
            shift.officers = change.officers
            if change.ends_at != shift.ends_at:
                shift.ends_at = change.ends_at
                release.move_end(shift.pk, change.ends_at)
        shift.supervisors = summary.supervisors
        shift.officer_pay_rate = summary.officer_pay_rate
        shift.tier = summary.tier or ""
        shift.save(update_fields=["officers", "ends_at", "supervisors", "officer_pay_rate", "tier"])
        wanted = positions_for(card, job_type, job.rank, plan.quote, place, shift.officers)
        _reconcile(job, shift, wanted, actor=actor, at=at)
        place += 1


_RELEASE_ORDER = {Position.Status.DRAFT: 0, Position.Status.OPEN: 0, Position.Status.FILLED: 1}


def _reconcile(job: Job, shift: Shift, wanted, *, actor, at) -> None:
    """Make the shift's positions match ``wanted`` ([(role, rank, specialty, rate)]): close the
    extra ones (unfilled first, then the last filled), add missing ones, update pay rates."""
    current = list(
        Position._base_manager.filter(shift=shift).exclude(status=Position.Status.CANCELLED)
    )
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for role, rank, specialty, rate in wanted:
        groups[(role, rank)].append((specialty, rate))
    have: dict[tuple[str, str], list[Position]] = defaultdict(list)
    for position in current:
        have[(position.role, position.required_rank)].append(position)
    release: list[Position] = []
    next_index = max((p.index for p in Position._base_manager.filter(shift=shift)), default=-1) + 1
    status = Position.Status.DRAFT if job.status == S.REQUESTED else Position.Status.OPEN
    for key in set(groups) | set(have):
        need = groups.get(key, [])
        held = sorted(have.get(key, []), key=lambda p: (_RELEASE_ORDER[p.status], -p.index))
        if len(held) > len(need):
            release += held[: len(held) - len(need)]
            held = held[len(held) - len(need) :]
        for position, (_specialty, rate) in zip(held, need, strict=False):
            if position.officer_pay_rate != rate:
                position.officer_pay_rate = rate
                position.save(update_fields=["officer_pay_rate"])
        for specialty, rate in need[len(held) :]:
            Position(
                shift=shift,
                index=next_index,
                role=key[0],
                required_rank=key[1],
                required_specialty=specialty,
                officer_pay_rate=rate,
                status=status,
            ).save(force_insert=True)
            next_index += 1
    if release:
        _cancel_positions(job, release, actor=actor, at=at, why=JobChange.Kind.REDUCE)


def _refresh_fill_status(job: Job, *, actor, at) -> None:
    """After a reduction: filled when no position is left open, approved when one is."""
    if job.status not in (S.APPROVED, S.FILLED):
        return
    positions = Position._base_manager.filter(shift__job_id=job.pk, shift__cancelled=False)
    open_count = positions.exclude(
        status__in=(Position.Status.FILLED, Position.Status.CANCELLED)
    ).count()
    if job.status == S.APPROVED and not open_count:
        transition(
            job,
            S.FILLED,
            actor=actor,
            action="filled",
            at=at,
            details={"after_reduction": True},
        )
    elif job.status == S.FILLED and open_count:
        transition(
            job,
            S.APPROVED,
            actor=actor,
            action="reopened",
            at=at,
            allowed_from=(S.FILLED,),
            details={"after_reduction": True},
        )

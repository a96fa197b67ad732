"""Cancelling or reducing a job, and what it costs (ODM-CANCEL-0/1/2, NOPD-CANCEL-1/2).

The charge is computed by the pricing engine (``agencies.pricing.cancellation``) from the job's
CARD SNAPSHOT and REQUEST SNAPSHOT, never the current card (PLAT-SNAPSHOT-1): a later card version
changes neither the job's price nor what cancelling it costs. A confirmed change is recorded as a
``JobChange`` (the charge, the quote before and after, whether a full refund is due) for billing.

Public functions:

- ``preview_cancellation(job, *, actor, at=None, remaining_shifts=None, police_necessity=False)
  -> CancellationCharge``: what cancelling (or, with ``remaining_shifts``, reducing to those
  shifts) would cost at ``at``; changes nothing.
- ``cancel_job(job, *, actor, reason, police_necessity=False, at=None) -> JobChange``
- ``preview_reduction(job, *, actor, shifts, at=None) -> Reduction``: the charge and the new quote
  of a reduction; changes nothing.
- ``reduce_job(job, *, actor, shifts, reason, at=None) -> JobChange``

``shifts`` for a reduction: a list of changes, each ``(index, officers, starts_at, ends_at)`` or a
dict with those keys (``starts_at``/``ends_at`` may be left out: unchanged). ``index`` is the
shift's ``Shift.index``; ``officers`` may only go down (0 removes the shift); the end may only
come earlier; the start cannot move (remove the shift and request a new one instead). Shifts not
named stay as they are.

Who may act: the customer (a member of the job's organization) or the agency's staff. Only agency
staff may cancel for police necessity (NOPD-CANCEL-1: no charge, every advance payment refunded);
a customer asking for it gets ``NotAllowed`` (403).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

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
from jobs.models import Job, JobChange, Position, Shift
from jobs.services.booking import REVIEW_WARNING, positions_for
from jobs.services.common import (
    BookingError,
    NotAllowed,
    TransitionError,
    is_staff_of,
    lock_job,
    require_customer_or_staff,
    sync,
)
from jobs.services.lifecycle import ACTIVE_STATES, transition
from officers.models import Assignment

__all__ = [
    "Reduction",
    "ShiftChange",
    "cancel_job",
    "preview_cancellation",
    "preview_reduction",
    "reduce_job",
]

S = Job.Status
_APPROVED_STATES = (S.APPROVED, S.FILLED, S.IN_PROGRESS)


@dataclass(frozen=True)
class ShiftChange:
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
    changes: tuple[ShiftChange, ...]


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


def _charge(job, *, at, remaining, police_necessity, live=None) -> CancellationCharge:
    card, original = _snapshot(job)
    live = live if live is not None else _live_shifts(job)
    request = CancellationRequest(
        cancelled_at=at,
        original=original,
        remaining=remaining,
        approved=job.status in _APPROVED_STATES,
        by_agency=police_necessity,
        hours_worked=_hours_worked(job, live),
    )
    return cancellation_charge(card, request)


def _check_actor(job: Job, actor, police_necessity: bool, what: str) -> None:
    require_customer_or_staff(actor, job, what)
    if police_necessity and not is_staff_of(actor, job.agency_id):
        raise NotAllowed(
            "Only the agency can cancel for police necessity or extraordinary circumstances."
        )


def _check_state(job: Job, what: str) -> None:
    if job.status not in ACTIVE_STATES:
        label = Job.Status(job.status).label.lower()
        raise TransitionError(f"This job is {label}: it cannot be {what} now.")


def _reason(reason) -> str:
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise BookingError("Say why (a short reason).", field="reason")
    if len(reason) > 2000:
        raise BookingError("The reason can be at most 2000 characters.", field="reason")
    return reason


# --- cancelling ----------------------------------------------------------------------------------


def preview_cancellation(
    job: Job,
    *,
    actor,
    at: datetime | None = None,
    remaining_shifts=None,
    police_necessity: bool = False,
) -> CancellationCharge:
    """What cancelling ``job`` at ``at`` would cost (with ``remaining_shifts``, a sequence of
    ``ShiftRequest``: what reducing it to those would cost). Changes nothing."""
    at = at or timezone.now()
    _check_actor(job, actor, police_necessity, "cancel it")
    _check_state(job, "cancelled")
    with scopes_disabled():
        remaining = None
        if remaining_shifts:
            _card, original = _snapshot(job)
            remaining = replace(original, shifts=tuple(remaining_shifts))
        return _charge(job, at=at, remaining=remaining, police_necessity=police_necessity)


def cancel_job(
    job: Job, *, actor, reason: str, police_necessity: bool = False, at: datetime | None = None
) -> JobChange:
    """Cancel ``job``: record the charge (none for police necessity, which also makes every
    advance payment refundable), close its positions, cancel its officers' assignments, and set
    it cancelled. Returns the ``JobChange``."""
    at = at or timezone.now()
    _check_actor(job, actor, police_necessity, "cancel it")
    reason = _reason(reason)
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        _check_state(locked, "cancelled")
        charge = _charge(locked, at=at, remaining=None, police_necessity=police_necessity)
        change = JobChange(
            job=locked,
            kind=JobChange.Kind.CANCEL,
            actor=actor,
            at=at,
            reason=reason,
            police_necessity=police_necessity,
            status_before=locked.status,
            approved=locked.status in _APPROVED_STATES,
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
    sync(job, locked)
    return change


def _cancel_positions(job: Job, positions, *, actor, at, why: str) -> None:
    """Close ``positions`` (a queryset or list) and cancel their active assignments, each with
    its audit row."""
    ids = (
        [p.pk for p in positions]
        if isinstance(positions, list)
        else list(positions.exclude(status=Position.Status.CANCELLED).values_list("pk", flat=True))
    )
    if not ids:
        return
    active = (
        Assignment._base_manager.select_for_update()
        .filter(position_id__in=ids, state=Assignment.State.ACTIVE)
        .select_related("officer__user")
    )
    for assignment in active:
        assignment.state = Assignment.State.CANCELLED
        assignment.ended_at = at
        assignment.save(update_fields=["state", "ended_at"])
        record(
            assignment,
            actor=actor,
            event="assignment.cancelled",
            job=job,
            from_state=Assignment.State.ACTIVE,
            to_state=Assignment.State.CANCELLED,
            data={
                "officer": assignment.officer_id,
                "officer_name": assignment.officer.user.display_name,
                "change_kind": why,
            },
            at=at,
        )
    Position._base_manager.filter(pk__in=ids).update(status=Position.Status.CANCELLED)


# --- reducing ------------------------------------------------------------------------------------


def _as_change(item, k: int) -> dict:
    if isinstance(item, dict):
        unknown = set(item) - {"index", "officers", "starts_at", "ends_at"}
        if unknown:
            raise BookingError("Unknown field.", field=f"shifts[{k}].{sorted(unknown)[0]}")
        return dict(item)
    if isinstance(item, list | tuple) and len(item) == 4:
        return dict(zip(("index", "officers", "starts_at", "ends_at"), item, strict=True))
    raise BookingError(
        "Each change names a shift: index, officers, starts_at, ends_at.", field=f"shifts[{k}]"
    )


def _int(value, field: str, what: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise BookingError(f"The {what} must be a whole number.", field=field)
    return value


def _moment(value, field: str, tz: ZoneInfo) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise BookingError(
                "Not a date and time (use ISO 8601, e.g. 2027-03-10T18:00:00-06:00).", field=field
            ) from None
    if not isinstance(value, datetime):
        raise BookingError("Not a date and time.", field=field)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _plan(job: Job, shifts, at: datetime) -> Reduction:
    """Check a reduction of ``job`` and price it (card and request snapshots)."""
    card, original = _snapshot(job)
    tz = ZoneInfo(card.time_zone)
    if not isinstance(shifts, list | tuple) or not shifts:
        raise BookingError("Name at least one shift to reduce.", field="shifts")
    live = _live_shifts(job)
    by_index = {shift.index: k for k, shift in enumerate(live)}
    changes: dict[int, ShiftChange] = {}
    for k, item in enumerate(shifts):
        data = _as_change(item, k)
        where = f"shifts[{k}]"
        index = _int(data.get("index"), f"{where}.index", "shift index")
        if index not in by_index:
            raise BookingError(
                "This job has no such shift (or it was removed).", field=f"{where}.index"
            )
        if index in changes:
            raise BookingError("This shift is named twice.", field=f"{where}.index")
        shift = live[by_index[index]]
        if shift.starts_at <= at:
            raise BookingError(
                "This shift has already started: ask the coordinator to change it.",
                field=f"{where}.index",
            )
        officers = data.get("officers", shift.officers)
        officers = _int(officers, f"{where}.officers", "number of officers")
        if officers < 0:
            raise BookingError(
                "The number of officers cannot be negative.", field=f"{where}.officers"
            )
        if officers > shift.officers:
            raise BookingError(
                f"A reduction can only lower the number of officers (now {shift.officers}); "
                "request a new job for more.",
                field=f"{where}.officers",
            )
        starts_at = _moment(data.get("starts_at"), f"{where}.starts_at", tz)
        if starts_at is not None and starts_at != shift.starts_at:
            raise BookingError(
                "The start cannot move: end the shift earlier, or remove it and request a new one.",
                field=f"{where}.starts_at",
            )
        ends_at = _moment(data.get("ends_at"), f"{where}.ends_at", tz) or shift.ends_at
        if ends_at > shift.ends_at:
            raise BookingError(
                "A reduction can only end a shift earlier.", field=f"{where}.ends_at"
            )
        if ends_at <= shift.starts_at:
            raise BookingError("The end must be after the start.", field=f"{where}.ends_at")
        if officers == shift.officers and ends_at == shift.ends_at:
            continue
        changes[index] = ShiftChange(shift, officers, ends_at)
    if not changes:
        raise BookingError(
            "Nothing would change: fewer officers or an earlier end.", field="shifts"
        )
    remaining_shifts = []
    for k, shift in enumerate(live):
        wanted = original.shifts[k]
        change = changes.get(shift.index)
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
    return Reduction(charge, new_quote, remaining, tuple(changes.values()))


def preview_reduction(job: Job, *, actor, shifts, at: datetime | None = None) -> Reduction:
    """The charge and the new quote of reducing ``job`` as ``shifts`` says. Changes nothing."""
    at = at or timezone.now()
    _check_actor(job, actor, False, "reduce it")
    _check_state(job, "reduced")
    with scopes_disabled():
        return _plan(job, shifts, at)


def reduce_job(job: Job, *, actor, shifts, reason: str, at: datetime | None = None) -> JobChange:
    """Reduce ``job`` (fewer officers, earlier ends, shifts removed): record the charge, update
    shifts and positions (releasing officers whose positions go), and re-price what remains on
    the job's card snapshot; the old quote is kept in the ``JobChange``."""
    at = at or timezone.now()
    _check_actor(job, actor, False, "reduce it")
    reason = _reason(reason)
    with scopes_disabled(), transaction.atomic():
        locked = lock_job(job)
        _check_state(locked, "reduced")
        plan = _plan(locked, shifts, at)
        change = JobChange(
            job=locked,
            kind=JobChange.Kind.REDUCE,
            actor=actor,
            at=at,
            reason=reason,
            police_necessity=False,
            status_before=locked.status,
            approved=locked.status in _APPROVED_STATES,
            shift_changes=[ch.as_data() for ch in plan.changes],
            charge=charge_to_data(plan.charge),
            charge_total=plan.charge.total,
            previous_quote=locked.quote,
            previous_total=locked.total,
            new_quote=quote_to_data(plan.quote),
            new_total=plan.quote.total,
        )
        change.save(force_insert=True)
        _apply(locked, plan, actor=actor, at=at)
        before = locked.total
        locked.quote = quote_to_data(plan.quote)
        locked.total = plan.quote.total
        warnings = list(plan.quote.warnings)
        if locked.needs_review and REVIEW_WARNING not in warnings:
            warnings.append(REVIEW_WARNING)
        locked.warnings = warnings
        locked.request_snapshot = codec.to_data(plan.request)
        live = _live_shifts(locked)
        locked.starts_at = min(s.starts_at for s in live)
        locked.ends_at = max(s.ends_at for s in live)
        locked.save(
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
    sync(job, locked)
    return change


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
                why="the shift was removed",
            )
            continue
        summary = plan.quote.shifts[place]
        if change is not None:
            shift.officers = change.officers
            if change.ends_at != shift.ends_at:
                shift.ends_at = change.ends_at
                Assignment._base_manager.filter(
                    position__shift=shift, state=Assignment.State.ACTIVE
                ).update(ends_at=change.ends_at)
        shift.supervisors = summary.supervisors
        shift.officer_pay_rate = summary.officer_pay_rate
        shift.save(update_fields=["officers", "ends_at", "supervisors", "officer_pay_rate"])
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

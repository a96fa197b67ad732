"""What cancelling or reducing a booked job costs, by the card's cancellation rules.

Product decisions:

- Cancelled by the agency (police necessity, extraordinary circumstances) on a card whose
  ``agency_cancel_free`` is set: no charge, any advance payment credited or refunded in full
  (NOPD-CANCEL-1).
- Otherwise the stage is "before approval" or "after approval" (``approved``). The rules of that
  stage whose job types include the job's (or list none) and whose window holds the notice given
  apply (notice = the start of the first shift the change affects minus ``cancelled_at``; a
  window of None holds any notice); of those, the rule with the smallest window wins. No rule: no
  charge.
- Charges apply to what was REMOVED: the original request minus what remains. Shifts are matched
  by their start; a shift missing from what remains is removed whole; fewer officers remove that
  many officers; an earlier end removes the hours cut off, and so does a later start (a schedule
  change: the moved shift stands for the original shift it overlaps).
- Components (summed): admin fees on the removed officer-hours scheduled in the first N hours of
  the original assignment (ODM-CANCEL-1); officer pay on the greater of the hours worked or the
  minimum hours per removed officer per shift (ODM-CANCEL-2); N hours x (pay + fee) per removed
  officer per shift; the minimum hours x (pay + fee) per removed officer per shift; a flat amount;
  the full quoted price of what was removed (NOPD-CANCEL-2).
- Every rate is the one the original request was quoted at (same engine, same card snapshot),
  and every amount is hours x rate rounded half-up to the cent (PLAT-MONEY-1).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from agencies.pricing.engine import officer_rates, quote
from agencies.pricing.money import ZERO, dollars, hours_of, q, span_of
from agencies.pricing.types import (
    CancellationCharge,
    CancellationRequest,
    ChargeLine,
    QuoteRequest,
)

__all__ = ["cancellation_charge"]

_NEVER = Decimal("Infinity")


UNPAID_POLICY = (
    "Cancelled by the agency: the invoice was not paid by the prepayment deadline. No "
    "cancellation charge (nothing was worked); the invoice is credited in full (NOPD-PAY-1)."
)


def _charge(card: c.RateCard, lines: list[ChargeLine], policy: str, rules) -> CancellationCharge:
    officer_pay = sum((line.officer_pay for line in lines), ZERO)
    admin_fee = sum((line.admin_fee for line in lines), ZERO)
    other = sum((line.other for line in lines), ZERO)
    return CancellationCharge(
        currency=card.currency,
        total=officer_pay + admin_fee + other,
        officer_pay=officer_pay,
        admin_fee=admin_fee,
        other=other,
        lines=tuple(lines),
        policy=policy,
        rules=tuple(dict.fromkeys(rules)),
    )


def _line(description: str, pay=ZERO, fee=ZERO, other=ZERO, rules=()) -> ChargeLine:
    return ChargeLine(description, pay, fee, other, pay + fee + other, tuple(rules))


def _removed(original: QuoteRequest, remaining: QuoteRequest | None):
    """[(shift index, from, to, officers, whole officers?)]: what the change takes away.

    Each remaining shift stands for the original shift with the same start; failing that (a
    schedule change moved the start), for the original shift it overlaps. A later start removes
    the hours before it, an earlier end the hours after it; hours added cost nothing here (the
    new quote prices them)."""
    left = list(remaining.shifts) if remaining is not None else []
    matches = {}
    for i, shift in enumerate(original.shifts):
        match = next((r for r in left if r.starts_at == shift.starts_at), None)
        if match is not None:
            left.remove(match)
            matches[i] = match
    for i, shift in enumerate(original.shifts):
        if i in matches:
            continue
        match = next(
            (r for r in left if r.starts_at < shift.ends_at and r.ends_at > shift.starts_at), None
        )
        if match is not None:
            left.remove(match)
            matches[i] = match
    removed = []
    for i, shift in enumerate(original.shifts):
        match = matches.get(i)
        if match is None:
            removed.append((i, shift.starts_at, shift.ends_at, shift.officers, True))
            continue
        fewer = shift.officers - match.officers
        if fewer > 0:
            removed.append((i, shift.starts_at, shift.ends_at, fewer, True))
        kept = min(shift.officers, match.officers)
        if kept <= 0:
            continue
        if match.starts_at > shift.starts_at:
            removed.append((i, shift.starts_at, min(match.starts_at, shift.ends_at), kept, False))
        if match.ends_at < shift.ends_at:
            removed.append((i, max(match.ends_at, shift.starts_at), shift.ends_at, kept, False))
    return removed


def _applicable(card: c.RateCard, request: CancellationRequest, lead: timedelta):
    stage = c.CANCEL_AFTER_APPROVAL if request.approved else c.CANCEL_BEFORE_APPROVAL
    job_type = request.original.job_type
    lead_hours = Decimal(lead.total_seconds()) / 3600
    found = []
    for rule in card.cancellation.rules:
        if rule.stage != stage:
            continue
        if rule.job_types and job_type not in rule.job_types:
            continue
        if rule.after_start:
            if lead_hours > 0:
                continue
        elif rule.within_hours is not None:
            inside = (
                lead_hours <= rule.within_hours
                if rule.inclusive
                else lead_hours < rule.within_hours
            )
            if not inside:
                continue
        found.append(rule)
    if not found:
        return None
    after_start = [rule for rule in found if rule.after_start]
    if after_start:
        return after_start[0]
    return min(found, key=lambda r: _NEVER if r.within_hours is None else r.within_hours)


def _policy(rule: c.CancellationRule) -> str:
    text = f"{rule.name}: {rule.description}" if rule.description else rule.name
    if rule.rules:
        text += f" ({', '.join(rule.rules)})"
    return text


def cancellation_charge(card: c.RateCard, request: CancellationRequest) -> CancellationCharge:
    """The charge for cancelling or reducing ``request.original`` to ``request.remaining``."""
    cancellation = card.cancellation
    if request.unpaid:  # NOPD-PAY-1: the agency cancels under its own rule; nothing was worked
        return _charge(card, [], UNPAID_POLICY, ("NOPD-PAY-1",))
    if request.by_agency and cancellation.agency_cancel_free:
        rules = cancellation.agency_cancel_rules
        policy = (
            "Cancelled by the agency for police necessity or extraordinary circumstances: no "
            "charge, and any advance payment is credited or refunded in full"
        )
        policy += f" ({', '.join(rules)})." if rules else "."
        return _charge(card, [], policy, rules)
    tz = ZoneInfo(card.time_zone)
    request = replace(
        request,
        cancelled_at=_aware(request.cancelled_at, tz),
        original=_aware_request(request.original, tz),
        remaining=_aware_request(request.remaining, tz) if request.remaining else None,
    )
    original = request.original
    removed = _removed(original, request.remaining)
    if not removed:
        return _charge(card, [], "Nothing was removed: no charge.", ())
    first_affected = min(original.shifts[i].starts_at for i, *_ in removed)
    rule = _applicable(card, request, first_affected - request.cancelled_at)
    if rule is None:
        return _charge(card, [], "No cancellation charge applies at this time.", ())
    lines = [_component(card, request, removed, part, rule.rules) for part in rule.charges]
    return _charge(card, [line for line in lines if line is not None], _policy(rule), rule.rules)


def _aware(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _aware_request(request: QuoteRequest, tz: ZoneInfo) -> QuoteRequest:
    shifts = tuple(
        replace(s, starts_at=_aware(s.starts_at, tz), ends_at=_aware(s.ends_at, tz))
        for s in request.shifts
    )
    return replace(request, requested_at=_aware(request.requested_at, tz), shifts=shifts)


def _component(card, request, removed, part: c.ChargeComponent, rules) -> ChargeLine | None:
    original = request.original
    kind = part.kind
    if kind == c.CHARGE_FLAT:
        amount = q(part.amount or ZERO)
        return _line(f"Cancellation fee: {dollars(amount)}", other=amount, rules=rules)
    if kind == c.CHARGE_ALL_FEES:
        full = quote(card, original)
        pay, fee, other = full.officer_pay, full.admin_fee, full.other_charges
        remaining = request.remaining
        if remaining is not None and remaining.shifts:
            kept = quote(card, replace(remaining, requested_at=original.requested_at))
            pay = max(ZERO, pay - kept.officer_pay)
            fee = max(ZERO, fee - kept.admin_fee)
            other = max(ZERO, other - kept.other_charges)
        return _line(
            "All police fees for what was cancelled", pay=pay, fee=fee, other=other, rules=rules
        )
    rates = officer_rates(card, original)
    if kind == c.CHARGE_ADMIN_FEES_FIRST_HOURS:
        window_start = min(shift.starts_at for shift in rates)
        window_end = window_start + span_of(part.hours or ZERO)
        fee = ZERO
        officer_hours = ZERO
        for i, start, end, officers, _whole in removed:
            for s0, s1, choice in rates[i].slices:
                low = max(start, s0, window_start)
                high = min(end, s1, window_end)
                if high <= low:
                    continue
                span = high - low
                hours = hours_of(span) * officers
                officer_hours += hours
                fee += q(hours * choice.admin_fee)
        return _line(
            f"Admin fees for the first {_num(part.hours)} h of the original assignment "
            f"({officer_hours} officer-hours)",
            fee=fee,
            rules=rules,
        )
    pay = fee = ZERO
    charged_hours = ZERO
    for i, _start, _end, officers, whole in removed:
        if not whole or not rates[i].slices:
            continue
        first = rates[i].slices[0][2]
        minimum = rates[i].minimum_hours
        if kind == c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM:
            worked = request.hours_worked.get(i, ZERO)
            hours = max(worked, minimum * officers)
            pay += q(hours * first.officer_pay)
        elif kind == c.CHARGE_HOURS_PER_OFFICER:
            hours = (part.hours or ZERO) * officers
            pay += q(hours * first.officer_pay)
            fee += q(hours * first.admin_fee)
        elif kind == c.CHARGE_MINIMUM_HOURS:
            hours = minimum * officers
            pay += q(hours * first.officer_pay)
            fee += q(hours * first.admin_fee)
        else:
            return None
        charged_hours += hours
    if kind == c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM:
        text = "Officer pay for the greater of hours worked or the minimum hours"
    elif kind == c.CHARGE_HOURS_PER_OFFICER:
        text = f"{_num(part.hours)} h per officer cancelled"
    else:
        text = "The minimum hours per officer cancelled"
    return _line(f"{text} ({charged_hours} officer-hours)", pay=pay, fee=fee, rules=rules)


def _num(value: Decimal | None) -> str:
    return format((value or ZERO).normalize(), "f")

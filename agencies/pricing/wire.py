"""The quote request checked against a card, and the quote as JSON (docs/api.md): shared by the API,
the quote form and ``manage.py quote``.

The JSON request is read (shapes, types, bounds) at the edge, by ``agencies.api``'s
``QuoteRequestSerializer``; ``build_quote_request`` checks the typed values against the card.

Request::

    {"agency": "nopd", "requested_at": "2027-02-01T09:00:00-06:00",
     "shifts": [{"starts_at": "...", "ends_at": "...", "officers": 2}],
     "rank": "officer", "tier": "3", "job_type": "hourly",
     "add_ons": ["vehicle", {"code": "cruiser", "quantity": 2}]}

``requested_at`` defaults to ``now``; times are ISO 8601 (a naive time is agency local time);
``rank`` defaults to the card's base rank; ``tier`` to the card's default tier where the job is
priced by tier; ``job_type`` to "hourly". An add-on is its code (one of it) or, for an add-on
priced per unit, ``{"code", "quantity"}`` (PLAT-ADDON-1). A value the card does not know
raises ``QuoteError`` naming the field ("rank"). Money and hours go out as strings with 2 places
("434.64").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agencies.pricing import addons
from agencies.pricing import card as c
from agencies.pricing.index import index_for
from agencies.pricing.money import money_text
from agencies.pricing.timefmt import local_time
from agencies.pricing.types import (
    AddOnQuantity,
    CancellationCharge,
    Quote,
    QuoteError,
    QuoteLine,
    QuoteRequest,
    ShiftRequest,
    ShiftSummary,
)

__all__ = [
    "add_ons_data",
    "build_quote_request",
    "check_bounds",
    "charge_to_data",
    "line_to_data",
    "localize",
    "quote_to_data",
]


def _choices(items) -> str:
    return ", ".join(f"{item.code} ({item.name})" for item in items)


def build_quote_request(
    card: c.RateCard,
    *,
    requested_at: datetime,
    shifts: tuple[ShiftRequest, ...],
    rank: str | None = None,
    tier: str | None = None,
    job_type: str | None = None,
    add_ons: tuple[str, ...] = (),
    quantities=None,
) -> QuoteRequest:
    """A ``QuoteRequest`` checked against the card: the codes the card knows (job type, rank,
    tier, optional add-ons) and its defaults (base rank, default tier where the job type is
    priced by tier, "hourly"). The values are already typed (the edge read them: an API
    serializer, a form); ``QuoteError`` names the field at fault."""
    ix = index_for(card)
    job_type_code = job_type or "hourly"
    found = ix.job_types.get(job_type_code)
    if found is None:
        raise QuoteError(
            "job_type",
            f"unknown job type {job_type_code!r}; choose one of: {_choices(card.job_types)}",
        )
    rank = rank or card.base_rank
    if rank not in ix.ranks:
        raise QuoteError("rank", f"unknown rank {rank!r}; choose one of: {_choices(card.ranks)}")
    if card.tiers and found.uses_tiers:
        tier = tier or card.default_tier
        if tier not in ix.tiers:
            raise QuoteError(
                "tier", f"unknown tier {tier!r}; choose one of: {_choices(card.tiers)}"
            )
    elif tier:
        if card.tiers:
            raise QuoteError("tier", f"{found.name} jobs are not priced by tier: leave it out")
        raise QuoteError("tier", "this agency does not price by tier: leave it out")
    else:
        tier = None
    quantities = dict(quantities or ())  # {code: quantity} or (code, quantity) pairs
    for code in (*add_ons, *quantities):
        if code not in ix.optional_add_ons:
            offered = list(ix.optional_add_ons.values())
            hint = f"choose from: {_choices(offered)}" if offered else "this agency offers none"
            raise QuoteError("add_ons", f"unknown add-on {code!r}; {hint}")
    counted = []
    for code, quantity in quantities.items():
        addons.check_quantity(ix.optional_add_ons[code], quantity)  # PLAT-LIMIT-1, in words
        if quantity != 1:
            counted.append(AddOnQuantity(code, quantity))
    codes = tuple(dict.fromkeys((*add_ons, *quantities)))
    if not shifts:
        raise QuoteError("shifts", "add at least one shift (starts_at, ends_at, officers)")
    return QuoteRequest(
        requested_at=requested_at,
        shifts=tuple(shifts),
        rank=rank,
        tier=tier,
        job_type=job_type_code,
        add_ons=codes,
        quantities=tuple(counted),
    )


def add_ons_data(request: QuoteRequest) -> list:
    """The add-ons of ``request`` as JSON, the shape a request sends: a code for one of it,
    ``{"code", "quantity"}`` for more (what a job keeps, PLAT-ADDON-1)."""
    return [
        code if (n := request.quantity(code)) == 1 else {"code": code, "quantity": n}
        for code in request.add_ons
    ]


def localize(moment: datetime, tz: ZoneInfo) -> datetime:
    """A naive time as agency local time (PLAT-TIME-1); an aware one as it is."""
    return local_time(moment, tz) if moment.tzinfo is None else moment


def check_bounds(request: QuoteRequest, bounds: dict[str, int], *, now: datetime) -> None:
    """PLAT-LIMIT-1: how much one request may ask for (``bounds``: the site's limits, e.g.
    ``detailhire.limits.limits()``). ``QuoteError`` names the field and the bound. Checked
    before the engine prices anything (a date near the calendar's end cannot overflow it)."""
    most = bounds["shifts_per_request"]
    if len(request.shifts) > most:
        raise QuoteError("shifts", f"at most {most} shifts in one request")
    earliest = datetime(bounds["earliest_year"], 1, 1, tzinfo=now.tzinfo)
    latest = now + timedelta(days=366 * bounds["years_ahead"])
    years = bounds["years_ahead"]
    if not earliest <= request.requested_at <= latest:
        raise QuoteError("requested_at", f"must be between {earliest.year} and {years} years ahead")
    officers = bounds["officers_per_shift"]
    shortest = timedelta(minutes=bounds["min_shift_minutes"])
    longest = timedelta(hours=bounds.get("max_shift_hours", 72))
    for i, shift in enumerate(request.shifts):
        for name in ("starts_at", "ends_at"):
            moment = getattr(shift, name)
            if moment < earliest:
                raise QuoteError(f"shifts[{i}].{name}", f"dates before {earliest.year} are refused")
            if moment > latest:
                raise QuoteError(
                    f"shifts[{i}].{name}", f"at most {years} years ahead (the site's limit)"
                )
        if isinstance(shift.officers, int) and shift.officers > officers:
            raise QuoteError(f"shifts[{i}].officers", f"at most {officers} officers on one shift")
        if shift.ends_at - shift.starts_at > longest:
            raise QuoteError(
                f"shifts[{i}].ends_at",
                f"a shift lasts at most {bounds['max_shift_hours']} hours (the site's limit)",
            )
        if shift.starts_at < shift.ends_at < shift.starts_at + shortest:
            raise QuoteError(
                f"shifts[{i}].ends_at",
                f"a shift lasts at least {bounds['min_shift_minutes']} minutes",
            )


# --- out ----------------------------------------------------------------------------------------


def line_to_data(line: QuoteLine) -> dict[str, Any]:
    return {
        "description": line.description,
        "rate_name": line.rate_name,
        "kind": line.kind,
        "shift": line.shift,
        "hours": money_text(line.hours),
        "hours_per_officer": money_text(line.hours_per_officer),
        "officers": line.officers,
        "rank": line.rank,
        "tier": line.tier,
        "category": line.category,
        "officer_pay_rate": money_text(line.officer_pay_rate),
        "admin_fee_rate": money_text(line.admin_fee_rate),
        "officer_pay": money_text(line.officer_pay),
        "admin_fee": money_text(line.admin_fee),
        "other": money_text(line.other),
        "amount": money_text(line.amount),
        "rules": list(line.rules),
    }


def _shift_to_data(shift: ShiftSummary) -> dict[str, Any]:
    return {
        "index": shift.index,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "officers": shift.officers,
        "supervisors": shift.supervisors,
        "supervisor_rank": shift.supervisor_rank,
        "elapsed_hours": money_text(shift.elapsed_hours),
        "billed_hours": money_text(shift.billed_hours),
        "officer_pay_rate": money_text(shift.officer_pay_rate),
    }


def quote_to_data(quote: Quote) -> dict[str, Any]:
    """The quote as JSON: money and hours as "434.64" strings, times ISO 8601 with offset
    (agency local time)."""
    return {
        "currency": quote.currency,
        "total": money_text(quote.total),
        "officer_pay": money_text(quote.officer_pay),
        "admin_fee": money_text(quote.admin_fee),
        "other_charges": money_text(quote.other_charges),
        "billed_officer_hours": money_text(quote.billed_officer_hours),
        "supervisors_required": quote.supervisors_required,
        "requires_approval": quote.requires_approval,
        "responsible": quote.responsible,
        "lines": [line_to_data(line) for line in quote.lines],
        "shifts": [_shift_to_data(shift) for shift in quote.shifts],
        "warnings": list(quote.warnings),
        "rules": list(quote.rules),
        "card_version": quote.card_version,
    }


def charge_to_data(charge: CancellationCharge) -> dict[str, Any]:
    """A cancellation charge as JSON (money as strings)."""
    return {
        "currency": charge.currency,
        "total": money_text(charge.total),
        "officer_pay": money_text(charge.officer_pay),
        "admin_fee": money_text(charge.admin_fee),
        "other": money_text(charge.other),
        "policy": charge.policy,
        "rules": list(charge.rules),
        "lines": [
            {
                "description": line.description,
                "officer_pay": money_text(line.officer_pay),
                "admin_fee": money_text(line.admin_fee),
                "other": money_text(line.other),
                "amount": money_text(line.amount),
                "rules": list(line.rules),
            }
            for line in charge.lines
        ],
    }

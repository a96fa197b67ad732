"""The quote request and quote as JSON (docs/api.md): one parser and one writer shared by the API,
the quote form and ``manage.py quote``.

Request::

    {"agency": "nopd", "requested_at": "2027-02-01T09:00:00-06:00",
     "shifts": [{"starts_at": "...", "ends_at": "...", "officers": 2}],
     "rank": "officer", "tier": "3", "job_type": "hourly", "add_ons": ["vehicle"]}

``requested_at`` defaults to ``now``; times are ISO 8601 (a naive time is agency local time);
``rank`` defaults to the card's base rank; ``tier`` to the card's default tier where the job is
priced by tier; ``job_type`` to "hourly". Every malformed value raises ``QuoteError`` naming the
field ("shifts[0].starts_at"). Money and hours go out as strings with 2 places ("434.64").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from agencies.pricing.index import index_for
from agencies.pricing.money import money_text
from agencies.pricing.timefmt import local_time
from agencies.pricing.types import (
    CancellationCharge,
    Quote,
    QuoteError,
    QuoteLine,
    QuoteRequest,
    ShiftRequest,
    ShiftSummary,
)

__all__ = ["charge_to_data", "line_to_data", "parse_quote_request", "quote_to_data"]

REQUEST_FIELDS = ("agency", "requested_at", "shifts", "rank", "tier", "job_type", "add_ons")
SHIFT_FIELDS = ("starts_at", "ends_at", "officers")
MAX_SHIFTS = 500


def _time(value: Any, field: str, tz: ZoneInfo) -> datetime:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise QuoteError(
            field, "not a date and time (use ISO 8601, e.g. 2027-03-10T18:00:00-06:00)"
        )
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise QuoteError(
            field, "not a date and time (use ISO 8601, e.g. 2027-03-10T18:00:00-06:00)"
        ) from None
    if moment.tzinfo is None:
        moment = local_time(moment, tz)
    return moment


def _code(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise QuoteError(field, "expected text")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise QuoteError(field, "expected text")
    return value.strip() or None


def _officers(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise QuoteError(field, "must be a whole number of officers, at least 1")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise QuoteError(field, "must be a whole number of officers, at least 1")
    if value < 1:
        raise QuoteError(field, "must be at least 1 officer")
    return value


def _choices(items) -> str:
    return ", ".join(f"{item.code} ({item.name})" for item in items)


def parse_quote_request(card: c.RateCard, data: Any, *, now: datetime) -> QuoteRequest:
    """A checked ``QuoteRequest`` from the JSON body (``QuoteError`` names the field)."""
    if not isinstance(data, dict):
        raise QuoteError("request", "expected a JSON object")
    for key in data:
        if key not in REQUEST_FIELDS:
            raise QuoteError(str(key), f"unknown field (expected: {', '.join(REQUEST_FIELDS)})")
    ix = index_for(card)
    tz = ix.tz
    agency = data.get("agency")
    if agency is not None and agency != card.agency:
        raise QuoteError("agency", f"this quote is for {card.agency!r}, not {agency!r}")
    if data.get("requested_at") in (None, ""):
        requested_at = now if now.tzinfo is not None else now.replace(tzinfo=tz)
    else:
        requested_at = _time(data["requested_at"], "requested_at", tz)
    job_type_code = _code(data.get("job_type"), "job_type") or "hourly"
    job_type = ix.job_types.get(job_type_code)
    if job_type is None:
        raise QuoteError(
            "job_type",
            f"unknown job type {job_type_code!r}; choose one of: {_choices(card.job_types)}",
        )
    rank = _code(data.get("rank"), "rank") or card.base_rank
    if rank not in ix.ranks:
        raise QuoteError("rank", f"unknown rank {rank!r}; choose one of: {_choices(card.ranks)}")
    tier = _code(data.get("tier"), "tier")
    if card.tiers and job_type.uses_tiers:
        tier = tier or card.default_tier
        if tier not in ix.tiers:
            raise QuoteError(
                "tier", f"unknown tier {tier!r}; choose one of: {_choices(card.tiers)}"
            )
    elif tier is not None:
        if card.tiers:
            raise QuoteError("tier", f"{job_type.name} jobs are not priced by tier: leave it out")
        raise QuoteError("tier", "this agency does not price by tier: leave it out")
    raw_add_ons = data.get("add_ons") or []
    if isinstance(raw_add_ons, str):
        raw_add_ons = [raw_add_ons]
    if not isinstance(raw_add_ons, list):
        raise QuoteError("add_ons", "expected a list of add-on codes")
    add_ons = []
    for k, value in enumerate(raw_add_ons):
        code = _code(value, f"add_ons[{k}]")
        if code is None:
            continue
        if code not in ix.optional_add_ons:
            offered = list(ix.optional_add_ons.values())
            hint = f"choose from: {_choices(offered)}" if offered else "this agency offers none"
            raise QuoteError("add_ons", f"unknown add-on {code!r}; {hint}")
        add_ons.append(code)
    shifts_data = data.get("shifts")
    if not isinstance(shifts_data, list) or not shifts_data:
        raise QuoteError("shifts", "add at least one shift (starts_at, ends_at, officers)")
    if len(shifts_data) > MAX_SHIFTS:
        raise QuoteError("shifts", f"at most {MAX_SHIFTS} shifts in one request")
    shifts = []
    for i, item in enumerate(shifts_data):
        field = f"shifts[{i}]"
        if not isinstance(item, dict):
            raise QuoteError(field, "expected an object with starts_at, ends_at and officers")
        for key in item:
            if key not in SHIFT_FIELDS:
                raise QuoteError(
                    f"{field}.{key}", "unknown field (expected: starts_at, ends_at, officers)"
                )
        for key in SHIFT_FIELDS:
            if key not in item or item[key] in (None, ""):
                raise QuoteError(f"{field}.{key}", "is required")
        starts_at = _time(item["starts_at"], f"{field}.starts_at", tz)
        ends_at = _time(item["ends_at"], f"{field}.ends_at", tz)
        officers = _officers(item["officers"], f"{field}.officers")
        shifts.append(ShiftRequest(starts_at, ends_at, officers))
    return QuoteRequest(
        requested_at=requested_at,
        shifts=tuple(shifts),
        rank=rank,
        tier=tier,
        job_type=job_type_code,
        add_ons=tuple(dict.fromkeys(add_ons)) if add_ons else (),
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

"""Small builders for pricing tests: requests in local time, shipped and example cards."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from agencies.pricing.card import RateCard
from agencies.pricing.document import read_document
from agencies.pricing.shipped import load_shipped
from agencies.pricing.types import AddOnQuantity, QuoteRequest, ShiftRequest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
ZONES = {
    "nopd": "America/Chicago",
    "asheville": "America/New_York",
    "hadley-ma": "America/New_York",
    "casa-grande-az": "America/Phoenix",
    "oxford-ma": "America/New_York",
    "grafton-ma": "America/New_York",
    "honolulu-hi": "Pacific/Honolulu",
    "pembroke-ma": "America/New_York",
}


# every shipped and example card
ALL_CARDS = tuple(ZONES)


@cache
def card(slug: str) -> RateCard:
    """A shipped card (nopd, asheville) or an example from docs/examples, read and validated."""
    if slug in ("nopd", "asheville"):
        return load_shipped(slug)
    with (EXAMPLES / f"{slug}.json").open(encoding="utf-8") as handle:
        return read_document(json.load(handle))[1]


def at(slug: str, text: str) -> datetime:
    """An aware time from agency-local "2027-03-10 18:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(ZONES[slug]))


def request(
    slug: str,
    *shifts: tuple[str, str, int],
    requested: str = "2027-01-02 09:00",
    rank: str | None = None,
    tier: str | None = None,
    job_type: str = "hourly",
    add_ons: tuple[str, ...] = (),
    quantities: dict[str, int] | None = None,
) -> QuoteRequest:
    """A request with shifts given as (local start, local end, officers)."""
    return QuoteRequest(
        requested_at=at(slug, requested),
        shifts=tuple(ShiftRequest(at(slug, a), at(slug, b), n) for a, b, n in shifts),
        rank=rank,
        tier=tier,
        job_type=job_type,
        add_ons=add_ons,
        quantities=tuple(AddOnQuantity(k, v) for k, v in (quantities or {}).items()),
    )


def money(value) -> str:
    return format(value, ".2f")

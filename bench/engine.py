"""Quotes per second of the pure pricing engine: a one-shift NOPD quote with the shipped card, in
one process. Target: >= 20,000/s."""

from __future__ import annotations

import time
from datetime import datetime

from _common import report, setup_django

TARGET = 20_000
SECONDS = 3.0
MAX_QUOTES = 500_000


def one_shift_request():
    from agencies.pricing.types import QuoteRequest, ShiftRequest

    return QuoteRequest(
        requested_at=datetime.fromisoformat("2027-02-01T09:00:00-06:00"),
        shifts=(
            ShiftRequest(
                starts_at=datetime.fromisoformat("2027-03-10T18:00:00-06:00"),
                ends_at=datetime.fromisoformat("2027-03-10T22:00:00-06:00"),
                officers=2,
            ),
        ),
        rank="officer",
        tier="3",
        job_type="hourly",
    )


def main() -> bool:
    setup_django()
    from agencies.pricing.engine import quote
    from agencies.pricing.shipped import load_shipped

    card = load_shipped("nopd")
    request = one_shift_request()
    first = quote(card, request)
    print(f"engine: one-shift NOPD quote, total {first.total} (2 officers, 4 h, Tier 3)")
    for _ in range(500):  # warm the card index and caches
        quote(card, request)

    count = 0
    started = time.perf_counter()
    deadline = started + SECONDS
    while count < MAX_QUOTES:
        for _ in range(500):
            quote(card, request)
        count += 500
        if time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - started
    print(f"engine: {elapsed / count * 1e6:.1f} us per quote")
    ok = report("engine", count / elapsed, "quotes/s", TARGET)
    api_path(card)
    return ok


def api_path(card) -> None:
    """For information: the JSON body parsed, priced and written back (no HTTP, no database)."""
    from agencies.pricing.engine import quote
    from agencies.pricing.wire import quote_to_data
    from agencies.quotes import read_quote_request

    now = datetime.fromisoformat("2027-02-01T09:00:00-06:00")
    body = {
        "agency": "nopd",
        "shifts": [
            {"starts_at": "2027-03-10T18:00:00", "ends_at": "2027-03-10T22:00:00", "officers": 2}
        ],
        "rank": "officer",
        "tier": "3",
    }
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        for _ in range(500):
            quote_to_data(quote(card, read_quote_request(card, body, now=now)))
        count += 500
    elapsed = time.perf_counter() - started
    print(
        f"engine: parse + quote + serialize {count / elapsed:,.0f}/s "
        f"({elapsed / count * 1e6:.1f} us each)"
    )


if __name__ == "__main__":
    main()

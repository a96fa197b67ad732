"""The rate cards that ship with DetailHire (``agencies/cards/<slug>.json``), read and checked."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from agencies.pricing.card import RateCard
from agencies.pricing.document import read_document

CARDS_DIR = Path(__file__).resolve().parent.parent / "cards"
SHIPPED = ("nopd", "asheville")


def card_path(slug: str) -> Path:
    if slug not in SHIPPED:
        raise KeyError(f"no shipped rate card {slug!r} (shipped: {', '.join(SHIPPED)})")
    return CARDS_DIR / f"{slug}.json"


def shipped_document(slug: str) -> dict[str, Any]:
    """The shipped document for ``slug`` as parsed JSON (a fresh copy each call)."""
    with card_path(slug).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _read(slug: str) -> tuple[dict[str, str], RateCard]:
    return read_document(shipped_document(slug))


def load_shipped(slug: str) -> RateCard:
    """The shipped card for ``slug``, validated (cached: cards are immutable)."""
    return _read(slug)[1]


def shipped_profile(slug: str) -> dict[str, str]:
    """The shipped agency profile for ``slug`` (a copy)."""
    return dict(_read(slug)[0])

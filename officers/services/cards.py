"""The rate card an officer service reads: ranks, hour caps and the withdraw cut-off."""

from __future__ import annotations

from agencies.pricing import card as c
from agencies.pricing.codec import from_data
from agencies.ratecards import NoRateCard, current_card


def card_for_agency(agency, job=None) -> c.RateCard:
    """The agency's card in force today; when there is none, the card the job was priced at."""
    try:
        return current_card(agency)
    except NoRateCard:
        if job is None or not job.card_snapshot:
            raise
        data = job.card_snapshot
        if isinstance(data, dict) and "card" in data and "ranks" not in data:
            data = data["card"]
        return from_data(c.RateCard, data)


def rank_of(card: c.RateCard, code: str) -> c.Rank | None:
    return next((rank for rank in card.ranks if rank.code == code), None)


def rank_level(card: c.RateCard, code: str) -> int:
    rank = rank_of(card, code)
    return rank.level if rank is not None else 0


def rank_name(card: c.RateCard, code: str) -> str:
    rank = rank_of(card, code)
    return rank.name if rank is not None else code

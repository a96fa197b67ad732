"""The rate-card FILE format (docs/rate-cards.md): an envelope with the agency's public profile and
its card.

    {"format": "detailhire-rate-card/1",
     "agency": {"slug", "name", "short_name", "time_zone", "currency", "office_phone",
                "after_hours_phone", "toll_free_phone", "email", "website", "description"},
     "card": <codec.to_data(RateCard)>}

``read_document`` checks everything (shape, profile, card consistency) and raises
``DocumentError(path, message)``; ``write_document`` is its inverse: reading what it wrote gives
the same profile and an equal card.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agencies.pricing.card import RateCard
from agencies.pricing.codec import CodecError, from_data, to_data
from agencies.pricing.validate import DocumentError, validate_card

__all__ = ["FORMAT", "PROFILE_FIELDS", "DocumentError", "read_document", "write_document"]

FORMAT = "detailhire-rate-card/1"
PROFILE_FIELDS = (
    "slug",
    "name",
    "short_name",
    "city",
    "time_zone",
    "currency",
    "office_phone",
    "after_hours_phone",
    "toll_free_phone",
    "email",
    "website",
    "description",
)
_REQUIRED = ("slug", "name", "time_zone", "currency")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_profile(data: Any, path: str = "agency") -> dict[str, str]:
    """The agency profile of a document, checked; every field present ("" when not given)."""
    if not isinstance(data, dict):
        raise DocumentError(path, "expected an object")
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise DocumentError(f"{path}.{unknown[0]}", "unknown field")
    profile: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise DocumentError(f"{path}.{name}", "expected text")
        profile[name] = value.strip()
    for name in _REQUIRED:
        if not profile[name]:
            raise DocumentError(f"{path}.{name}", "is required")
    if not _SLUG.match(profile["slug"]):
        raise DocumentError(f"{path}.slug", "use lower-case letters, digits and dashes")
    try:
        ZoneInfo(profile["time_zone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise DocumentError(
            f"{path}.time_zone", f"unknown time zone {profile['time_zone']!r}"
        ) from None
    currency = profile["currency"]
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise DocumentError(f"{path}.currency", "must be a 3-letter code such as USD")
    return profile


def read_document(data: Any) -> tuple[dict[str, str], RateCard]:
    """(profile, card) from a rate-card document; raises ``DocumentError`` naming the place."""
    if not isinstance(data, dict):
        raise DocumentError("", "a rate-card document is a JSON object")
    if data.get("format") != FORMAT:
        raise DocumentError("format", f"expected {FORMAT!r}, got {data.get('format')!r}")
    unknown = sorted(set(data) - {"format", "agency", "card"})
    if unknown:
        raise DocumentError(unknown[0], "unknown field")
    profile = read_profile(data.get("agency"), "agency")
    if "card" not in data:
        raise DocumentError("card", "is required")
    try:
        card = from_data(RateCard, data["card"], "card")
    except CodecError as error:
        message = str(error).split(": ", 1)[-1]
        raise DocumentError(error.path or "card", message) from None
    try:
        validate_card(card)
    except DocumentError as error:
        raise DocumentError(f"card.{error.path}" if error.path else "card", error.message) from None
    if card.agency != profile["slug"]:
        raise DocumentError("card.agency", f"must be the agency's slug {profile['slug']!r}")
    if card.time_zone != profile["time_zone"]:
        raise DocumentError(
            "card.time_zone", f"must be the agency's time zone {profile['time_zone']!r}"
        )
    if card.currency != profile["currency"]:
        raise DocumentError(
            "card.currency", f"must be the agency's currency {profile['currency']!r}"
        )
    return profile, card


def write_document(profile: dict[str, Any], card: RateCard) -> dict[str, Any]:
    """The document for ``profile`` and ``card`` (the inverse of ``read_document``)."""
    agency = {name: (profile.get(name) or "") for name in PROFILE_FIELDS}
    agency["slug"] = agency["slug"] or card.agency
    agency["time_zone"] = agency["time_zone"] or card.time_zone
    agency["currency"] = agency["currency"] or card.currency
    return {"format": FORMAT, "agency": agency, "card": to_data(card)}

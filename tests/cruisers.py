"""An add-on priced per unit (PLAT-ADDON-1) on NOPD's card, for the page, API and editor tests:
a police cruiser at $15.00 per cruiser per billed hour, at most 3 on one request."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from agencies import ratecards
from agencies.pricing import card as c

CRUISER = c.AddOn(
    code="cruiser",
    name="Police cruiser",
    kind=c.ADDON_PER_UNIT_HOUR,
    amount=Decimal("15.00"),
    unit="cruiser",
    max_quantity=3,
)


def publish_with_cruisers(agency, *ratios: c.SupervisionRatio) -> None:
    """A new version of the agency's card with the cruiser (and ``ratios`` instead of its
    supervisory table, when given)."""
    card = ratecards.current_card(agency)
    supervision = card.supervision
    if ratios:
        supervision = dataclasses.replace(supervision, rows=(), ratios=ratios, example=False)
    ratecards.save_card(
        dataclasses.replace(card, add_ons=(*card.add_ons, CRUISER), supervision=supervision)
    )

"""docs/rate-cards.md: its worked example loads and prices as the text says."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agencies import ratecards
from agencies.pricing import card as c
from agencies.pricing.document import read_document
from agencies.pricing.engine import quote
from agencies.pricing.types import QuoteRequest, ShiftRequest

from .conftest import ROOT

DOC = ROOT / "docs" / "rate-cards.md"
CHICAGO = ZoneInfo("America/Chicago")


def _example() -> dict:
    text = DOC.read_text()
    worked = text[text.index("## A worked example") :]
    block = re.search(r"```json\n(.*?)\n```", worked, re.S).group(1)
    return json.loads(block)


def _total(card, start, hours, officers, notice):
    request = QuoteRequest(
        requested_at=start - notice,
        shifts=(ShiftRequest(start, start + timedelta(hours=hours), officers),),
    )
    return quote(card, request)


@pytest.mark.django_db
def test_the_worked_example_loads_and_prices_as_documented():
    """ODM-RATE-2 (the highest rate wins) and NOPD-HOL-2 (hours on the date), on the doc's card."""
    profile, card = read_document(_example())
    stored = ratecards.save_card(card, profile)
    card = ratecards.card_from_model(stored)
    month = timedelta(days=30)
    wednesday = datetime(2027, 3, 10, 18, 0, tzinfo=CHICAGO)
    assert str(_total(card, wednesday, 3, 3, month).total) == "540.00"
    july4 = datetime(2027, 7, 4, 20, 0, tzinfo=CHICAGO)
    assert str(_total(card, july4, 6, 2, month).total) == "720.00"
    assert str(_total(card, july4, 6, 2, timedelta(hours=10)).total) == "765.00"
    assert _total(card, wednesday, 4, 6, month).supervisors_required == 1


def test_every_vocabulary_value_is_documented():
    text = DOC.read_text()
    names = [
        name
        for name in dir(c)
        if re.match(
            r"^(FEE|ROUND|EFFECT|MODE|ADDON|ACCRUES|CANCEL|CHARGE|PAYMENT|PRICING|PREMIUMS|OVERTIME)_",
            name,
        )
    ]
    for name in names:
        assert f"`{getattr(c, name)}`" in text, name

"""The public rates page explains how premiums combine, time bands and overtime in plain words
(PLAT-PREMIUM-1), for the example cards of Oxford, Grafton and Honolulu."""

import dataclasses
import json
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from agencies import ratecards
from agencies.pricing import card as c
from agencies.pricing.document import read_document

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel("2027-02-01T09:00:00-05:00", tick=False):
        yield


def _page(slug: str) -> str:
    profile, card = read_document(json.loads((EXAMPLES / f"{slug}.json").read_text()))
    ratecards.save_card(card, profile)
    response = Client().get(f"/a/{slug}/rates/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_rates_page_says_one_multiplier_applies_once_plat_premium_1():
    """PLAT-PREMIUM-1: Oxford's page says the 1.5x applies once, when the night band runs and
    how overtime is billed."""
    page = _page("oxford-ma")
    assert "the multiplier is applied once, whatever the reasons" in page
    assert "Night 5 PM-7 AM:</strong> officer pay x 1.5, for the hours from 17:00 to 07:00" in page
    assert "Hours past 8 in one shift are paid at 1.5 x officer pay, billed in blocks of 2" in page
    assert "overtime counts as one more premium" in page


def test_rates_page_says_overtime_compounds_and_the_highest_wins_plat_premium_1():
    """PLAT-PREMIUM-1: Grafton's page says the highest rate wins and overtime is paid on top of
    the night, weekend or holiday rate."""
    page = _page("grafton-ma")
    assert "the highest one is charged" in page
    assert "on top of any night, weekend or holiday rate of those hours" in page


def test_rates_page_says_premium_amounts_add_up_plat_premium_1():
    """PLAT-PREMIUM-1: Honolulu's page says premium amounts per hour add up."""
    page = _page("honolulu-hi")
    assert "their amounts per hour add up" in page


def test_rates_page_says_how_hours_added_by_the_minimum_take_a_band_plat_premium_1():
    """PLAT-PREMIUM-1: a night band whose padded hours take the band of the shift's start says
    so on the rates page; the default says nothing more."""
    profile, card = read_document(json.loads((EXAMPLES / "oxford-ma.json").read_text()))
    assert "hours added to reach the minimum" not in _page("oxford-ma")
    bands = [i for i, rule in enumerate(card.calendar) if rule.window_start is not None]
    calendar = list(card.calendar)
    calendar[bands[0]] = dataclasses.replace(calendar[bands[0]], padding=c.PADDING_START)
    ratecards.save_card(dataclasses.replace(card, calendar=tuple(calendar)), profile)
    page = " ".join(Client().get("/a/oxford-ma/rates/").content.decode().split())
    assert (
        "for the hours from 17:00 to 07:00 the next morning, every day; hours added to reach the "
        "minimum take this rate when the shift starts inside these hours, the regular rate "
        "otherwise" in page
    )

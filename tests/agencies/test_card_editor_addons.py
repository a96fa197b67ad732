"""The card editor's add-on and supervision sections (PLAT-ADDON-1, PLAT-SUP-2): an admin sets the
most units a customer may ask for, a first-hour price and a supervision ratio in a draft; a bad
value is refused in words next to its field and nothing is saved (PLAT-LIMIT-1)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from agencies import cardeditor
from agencies.models import RateCardDraft
from agencies.pricing import card as c
from tests.agencies.test_card_editor import section_post, url
from tests.cruisers import publish_with_cruisers
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db

SERGEANT_PER_5 = c.SupervisionRatio("sergeant", per_officers=5, from_officers=5)


@pytest.fixture
def admin_client(demo, clock):
    publish_with_cruisers(demo.nopd, SERGEANT_PER_5)
    client = browser_client(demo.admin("nopd"))
    client.post(url("manage-start"))
    return client


def _draft(demo):
    return cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))


def test_admin_sets_the_most_cruisers_and_a_first_hour_price_plat_addon_1(demo, admin_client):
    """PLAT-ADDON-1: the add-on section shows the quantity fields in words and edits them."""
    page = admin_client.get(url("manage-draft"))
    assert b"the most cruisers one request may ask for" in page.content
    card = _draft(demo)
    i = len(card.add_ons) - 1
    response = section_post(
        admin_client, card, "add_ons", **{f"most_{i}": "6", f"first_{i}": "25.00"}
    )
    assert response.status_code == 302
    cruiser = _draft(demo).add_ons[i]
    assert (cruiser.max_quantity, cruiser.first_hour_amount) == (6, Decimal("25.00"))


def test_too_many_cruisers_is_refused_next_to_the_field_plat_limit_1(demo, admin_client):
    """PLAT-LIMIT-1: at most 500 units; the draft is unchanged."""
    before = RateCardDraft.objects.get(agency=demo.nopd).card
    card = _draft(demo)
    i = len(card.add_ons) - 1
    response = section_post(admin_client, card, "add_ons", **{f"most_{i}": "501"})
    assert response.status_code == 400
    assert b"less than or equal to 500" in response.content
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before


def test_admin_edits_the_supervision_ratio_plat_sup_2(demo, admin_client):
    """PLAT-SUP-2: "1 Sergeant for every N officers" and its threshold are editable."""
    page = admin_client.get(url("manage-draft"))
    assert b"1 Sergeant for every (officers)" in page.content
    response = section_post(admin_client, _draft(demo), "supervision", per_0="4", from_0="3")
    assert response.status_code == 302
    (ratio,) = _draft(demo).supervision.ratios
    assert (ratio.per_officers, ratio.from_officers) == (4, 3)
    response = section_post(admin_client, _draft(demo), "supervision", per_0="0")
    assert response.status_code == 400
    assert b"greater than or equal to 1" in response.content


def test_the_rates_page_says_the_ratio_and_the_cruiser_in_plain_words(demo, client, clock):
    """PLAT-ADDON-1, PLAT-SUP-2: the public rates page, in plain words."""
    publish_with_cruisers(demo.nopd, SERGEANT_PER_5)
    page = client.get(reverse_rates("nopd")).content.decode()
    assert "$15.00 per cruiser per billed hour (choose how many, up to 3)" in page
    assert (
        "1 Sergeant for every 5 officers on site at once, from 5 officers "
        "(12 officers: 3 Sergeants), in addition to the officers you ask for"
    ) in page
    assert "With fewer than 5 officers, the most senior officer" in page


def reverse_rates(slug: str) -> str:
    from django.urls import reverse

    return reverse("agencies:rates", args=[slug])


def test_the_store_keeps_quantities_and_ratios_plat_addon_1_plat_sup_2(demo, clock):
    """PLAT-ADDON-1, PLAT-SUP-2: a version stored as rows reads back equal (unit, maximum,
    first-hour price, hours counted; the ratio and its threshold)."""
    from agencies import ratecards
    from tests.cruisers import CRUISER

    elapsed = dataclasses.replace(
        CRUISER, first_hour_amount=Decimal("40.00"), unit_hours=c.UNIT_HOURS_ELAPSED
    )
    card = ratecards.current_card(demo.nopd)
    supervision = dataclasses.replace(card.supervision, rows=(), ratios=(SERGEANT_PER_5,))
    wanted = dataclasses.replace(card, add_ons=(elapsed,), supervision=supervision)
    stored = ratecards.save_card(wanted)
    back = ratecards.card_from_model(ratecards.load_model(stored.pk))
    assert back == dataclasses.replace(wanted, version=stored.version)

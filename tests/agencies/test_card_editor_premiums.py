"""The rate-card editor's premiums section (PLAT-PREMIUM-1): how premiums combine, what each
premium adds, time bands and overtime, in the agency's words; mistakes explained next to the
field and nothing saved."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from agencies import cardeditor
from agencies.models import RateCardDraft
from agencies.pricing import card as c
from tests.fixtures import browser_client

from .test_card_editor import section_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(demo, clock):
    return browser_client(demo.admin("nopd"))


def _draft(demo):
    return cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))


def test_the_premiums_section_speaks_the_agency_words(demo, admin_client):
    admin_client.post(url("manage-start"))
    page = admin_client.get(url("manage-draft")).content.decode()
    assert "Premiums and overtime" in page
    assert "When several premiums apply to the same hour" in page
    assert "Surcharges per hour add up" in page


def test_an_admin_makes_premiums_add_up_with_a_night_band_plat_premium_1(demo, admin_client):
    """PLAT-PREMIUM-1: surcharges that add up, one of them limited to 22:00-06:00, saved in the
    draft; the version in force is untouched."""
    admin_client.post(url("manage-start"))
    card = _draft(demo)
    response = section_post(
        admin_client,
        card,
        "premiums",
        combine=c.PREMIUMS_ADDITIVE,
        calendar_0_kind=c.EFFECT_SURCHARGE,
        calendar_0_value="5.00",
        calendar_0_from="22:00",
        calendar_0_until="06:00",
    )
    assert response.status_code == 302
    edited = _draft(demo)
    assert edited.premiums == c.PREMIUMS_ADDITIVE
    rule = edited.calendar[0]
    assert rule.effect == c.Effect(c.EFFECT_SURCHARGE, amount=Decimal("5.00"))
    assert (rule.window_start, rule.window_end) == (time(22), time(6))
    assert edited.calendar[1:] == card.calendar[1:]


def test_a_premium_that_does_not_fit_is_explained_next_to_it_plat_premium_1(demo, admin_client):
    """PLAT-PREMIUM-1: a multiplier in a card whose surcharges add up is refused in words, next to
    the premium; a surcharge without an amount too; nothing is saved."""
    admin_client.post(url("manage-start"))
    before = RateCardDraft.objects.get(agency=demo.nopd).card
    card = _draft(demo)
    response = section_post(
        admin_client,
        card,
        "premiums",
        combine=c.PREMIUMS_ADDITIVE,
        calendar_0_kind=c.EFFECT_MULTIPLIER,
        calendar_0_value="1.5",
    )
    assert response.status_code == 400
    assert b"give it a surcharge per hour" in response.content
    response = section_post(
        admin_client, card, "premiums", calendar_0_kind=c.EFFECT_SURCHARGE, calendar_0_value=""
    )
    assert response.status_code == 400
    assert b"Give the amount per hour, more than zero." in response.content
    response = section_post(admin_client, card, "premiums", calendar_0_from="17:00")
    assert response.status_code == 400
    assert b"Give both times of the band, or neither." in response.content
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before


def test_an_admin_chooses_how_hours_added_by_the_minimum_take_a_band_plat_premium_1(
    demo, admin_client
):
    """PLAT-PREMIUM-1: a night band whose padded hours are priced at the regular rate, saved in
    the draft; an unknown choice is refused next to the field; removing the band puts the
    choice back to the default."""
    admin_client.post(url("manage-start"))
    card = _draft(demo)
    page = admin_client.get(url("manage-draft")).content.decode()
    assert "hours added by the minimum are priced at" in page
    assert "The band of the hours they extend" in page
    response = section_post(
        admin_client, card, "premiums", calendar_0_from="17:00", calendar_0_padding="sunrise"
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert _draft(demo) == card
    response = section_post(
        admin_client,
        card,
        "premiums",
        calendar_0_from="17:00",
        calendar_0_until="07:00",
        calendar_0_padding=c.PADDING_REGULAR,
    )
    assert response.status_code == 302
    rule = _draft(demo).calendar[0]
    assert (rule.window_start, rule.window_end, rule.padding) == (
        time(17),
        time(7),
        c.PADDING_REGULAR,
    )
    response = section_post(
        admin_client, _draft(demo), "premiums", calendar_0_from="", calendar_0_until=""
    )
    assert response.status_code == 302
    rule = _draft(demo).calendar[0]
    assert (rule.window_start, rule.padding) == (None, c.PADDING_BAND)

"""The shipped cards load, validate and describe themselves (examples marked as examples)."""

import pytest

from agencies.pricing.shipped import SHIPPED, load_shipped, shipped_document, shipped_profile


def test_shipped_cards_load_and_are_cached():
    for slug in SHIPPED:
        card = load_shipped(slug)
        assert card.agency == slug
        assert load_shipped(slug) is card
        document = shipped_document(slug)
        assert document["format"] == "detailhire-rate-card/1"
        assert document["agency"]["slug"] == slug


def test_an_unknown_shipped_card():
    with pytest.raises(KeyError):
        load_shipped("atlantis")


def test_nopd_profile_and_examples_are_marked():
    """NOPD-TASK-1, NOPD-SUP-1: values not in the sources ship marked as examples."""
    card = load_shipped("nopd")
    assert card.time_zone == "America/Chicago" and card.currency == "USD"
    assert card.supervision.example and all(row.example for row in card.supervision.rows)
    assert all(j.example for j in card.job_types if j.code != "hourly")
    assert "example" in card.notes
    assert shipped_profile("nopd")["name"].startswith("New Orleans Police Department")


def test_asheville_card_shape():
    """ODM-RATE-1, ODM-MIN-1: one rank, no tiers, three categories, 15 % fee, 4 h minimum."""
    card = load_shipped("asheville")
    assert card.time_zone == "America/New_York"
    assert [r.code for r in card.ranks] == ["officer"]
    assert card.tiers == ()
    assert [k.code for k in card.categories] == ["regular", "holiday", "emergency"]
    assert (card.fee.kind, str(card.fee.percent)) == ("percent", "15")
    assert str(card.minimum_hours) == "4"
    assert "assumed" in card.notes  # payment terms are not published

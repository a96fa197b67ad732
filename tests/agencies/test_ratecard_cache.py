"""current_card: the version in force on a date, served from the cache once warm."""

import dataclasses
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from agencies import models as m
from agencies import ratecards

from .sample import PROFILE, sample_card

pytestmark = pytest.mark.django_db


def test_a_warm_current_card_costs_no_database_query(django_assert_num_queries):
    """A quote reads the card from the cache: no query once warm (the quote API's budget)."""
    ratecards.save_card(sample_card(), PROFILE)
    agency = m.Agency.objects.get(slug="sample")
    cold = ratecards.current_card("sample", on=date(2026, 3, 1))
    with django_assert_num_queries(0):
        assert ratecards.current_card("sample", on=date(2026, 3, 1)) is cold
        assert ratecards.current_card(agency, on=date(2026, 3, 2)) is cold


def test_the_cache_survives_losing_the_processes_built_cards(django_assert_num_queries):
    ratecards.save_card(sample_card(), PROFILE)
    cold = ratecards.current_card("sample", on=date(2026, 3, 1))
    ratecards.clear_cache()  # another process: only Django's cache is shared
    with django_assert_num_queries(0):
        assert ratecards.current_card("sample", on=date(2026, 3, 1)) == cold


def test_saving_a_card_is_seen_at_once():
    ratecards.save_card(sample_card(), PROFILE)
    assert ratecards.current_card("sample", on=date(2026, 3, 1)).notes == "Example card for tests."
    ratecards.save_card(sample_card(notes="New notes."), PROFILE)
    card = ratecards.current_card("sample", on=date(2026, 3, 1))
    assert card.notes == "New notes." and card.version == 2


def test_a_change_made_in_place_is_seen_at_once():
    """The admin edits a stored version in place and touches it: the cache follows."""
    stored = ratecards.save_card(sample_card(), PROFILE)
    ratecards.current_card("sample", on=date(2026, 3, 1))
    m.RateCard.objects.filter(pk=stored.pk).update(notes="Edited in the admin.")
    ratecards.touch(stored)
    assert ratecards.current_card("sample", on=date(2026, 3, 1)).notes == "Edited in the admin."


def test_a_later_version_does_not_change_the_card_before_its_date():
    """PLAT-SNAPSHOT-1: a version effective later leaves earlier dates on the earlier prices
    (booked jobs keep their own snapshot; this is about which version new requests get)."""
    ratecards.save_card(sample_card(), PROFILE)
    ratecards.save_card(sample_card(effective_from=date(2026, 7, 1), notes="Summer"), PROFILE)
    before = ratecards.current_card("sample", on=date(2026, 6, 30))
    after = ratecards.current_card("sample", on=date(2026, 7, 1))
    assert (before.version, before.notes) == (1, "Example card for tests.")
    assert (after.version, after.notes) == (2, "Summer")


def test_a_version_effective_earlier_wins_only_from_its_own_date():
    ratecards.save_card(sample_card(), PROFILE)  # from 2026-01-01
    ratecards.save_card(sample_card(effective_from=date(2025, 7, 1), notes="Back-dated"), PROFILE)
    assert ratecards.current_card("sample", on=date(2025, 8, 1)).notes == "Back-dated"
    assert ratecards.current_card("sample", on=date(2026, 1, 1)).version == 1


def test_versions_on_the_same_date_the_latest_wins():
    ratecards.save_card(sample_card(), PROFILE)
    ratecards.save_card(sample_card(notes="Correction"), PROFILE)
    assert ratecards.current_card("sample", on=date(2026, 1, 1)).notes == "Correction"


def test_today_is_the_agencys_local_date():
    ratecards.save_card(sample_card(effective_from=date(2025, 1, 1)), PROFILE)
    ratecards.save_card(sample_card(notes="2026"), PROFILE)  # from 2026-01-01
    # 03:00 UTC on Jan 1 is still Dec 31 in Denver.
    with time_machine.travel(datetime(2026, 1, 1, 3, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert ratecards.current_card("sample").version == 1
    with time_machine.travel(datetime(2026, 1, 1, 8, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert ratecards.current_card("sample").version == 2


def test_no_card_in_force_is_a_lookup_error():
    with pytest.raises(m.Agency.DoesNotExist):
        ratecards.current_card("nowhere", on=date(2026, 1, 1))
    m.Agency.objects.create(slug="bare", name="Bare PD")
    with pytest.raises(ratecards.NoRateCard):
        ratecards.current_card("bare", on=date(2026, 1, 1))
    ratecards.save_card(sample_card(), PROFILE)
    with pytest.raises(LookupError, match="no rate card in force on 2025-12-31"):
        ratecards.current_card("sample", on=date(2025, 12, 31))


def test_the_version_in_the_card_is_the_stored_one():
    ratecards.save_card(sample_card(version=41), PROFILE)
    card = ratecards.current_card("sample", on=date(2026, 1, 1))
    assert card == dataclasses.replace(sample_card(), version=1)


def test_a_stale_index_is_read_again():
    """Another process edited the version after this one read the index: the card read from the
    database would not match the token, so the index is read again."""
    stored = ratecards.save_card(sample_card(), PROFILE)
    ratecards.current_card("sample", on=date(2026, 3, 1))
    ratecards.clear_cache()
    cache.delete(ratecards._card_key(str(stored.cache_token)))
    m.RateCard.objects.filter(pk=stored.pk).update(notes="Elsewhere", cache_token=uuid.uuid4())
    assert ratecards.current_card("sample", on=date(2026, 3, 1)).notes == "Elsewhere"

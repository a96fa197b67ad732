"""The card's catalogue in the editor: ranks, tiers, rate categories, job types and work
categories added, renamed and removed in forms, each mistake explained next to its field, and the
whole card still checked before the draft changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from agencies import cardeditor
from agencies.cardforms import SECTIONS
from agencies.models import RateCardDraft
from agencies.pricing.shipped import load_shipped
from agencies.pricing.validate import validate_card
from tests.fixtures import browser_client


def form_data(card, section: str, **changes) -> dict:
    """The section's current values, changed by ``changes`` (as a browser would send them)."""
    form = SECTIONS[section](card, prefix=section)
    data = {}
    for name, field in form.fields.items():
        value = field.initial
        if value is None or value is False:
            continue
        data[f"{section}-{name}"] = value
    for key, value in changes.items():
        if value is None:
            data.pop(f"{section}-{key}", None)
        else:
            data[f"{section}-{key}"] = value
    return data


def edit(card, section: str, **changes):
    form = SECTIONS[section](card, form_data(card, section, **changes), prefix=section)
    return form


def applied(card, section: str, **changes):
    form = edit(card, section, **changes)
    assert form.is_valid(), form.errors
    edited = form.apply(card)
    validate_card(edited)
    return edited


@pytest.fixture
def nopd():
    return load_shipped("nopd")


def index(items, code):
    return next(i for i, item in enumerate(items) if getattr(item, "code", None) == code)


# --- ranks --------------------------------------------------------------------------------------


def test_renaming_a_rank_keeps_its_code_and_pay(nopd):
    i = index(nopd.ranks, "sergeant")
    card = applied(nopd, "ranks", **{f"name_{i}": "Police Sergeant"})
    assert card.ranks[i].name == "Police Sergeant"
    assert card.ranks[i].code == "sergeant"
    assert card.rates == nopd.rates


def test_adding_a_rank_with_pay_copied_from_another(nopd):
    card = applied(
        nopd,
        "ranks",
        new_name="Major",
        new_level="50",
        new_supervisor="on",
        new_copy_from="captain",
    )
    major = card.ranks[-1]
    assert (major.code, major.name, major.level, major.supervisor) == ("major", "Major", 50, True)
    captain = {
        (r.job_type, r.tier, r.category): r.officer_pay for r in nopd.rates if r.rank == "captain"
    }
    copied = {
        (r.job_type, r.tier, r.category): r.officer_pay for r in card.rates if r.rank == "major"
    }
    assert copied == captain and copied


def test_a_new_rank_needs_a_level_and_a_free_code(nopd):
    form = edit(nopd, "ranks", new_name="Major")
    assert not form.is_valid()
    assert "Give the new rank a level" in form.errors["new_level"][0]
    form = edit(nopd, "ranks", new_name="Another", new_code="sergeant", new_level="3")
    assert "exists" in form.errors["new_code"][0]
    form = edit(nopd, "ranks", new_name="Odd", new_code="a b", new_level="3")
    assert "letters, digits" in form.errors["new_code"][0]


@pytest.mark.django_db
def test_removing_a_rank_still_used_says_so(nopd):
    """A rank named by a supervision row, paid by rates, or the base rank is not removed
    silently: the form says what still uses it, next to the box."""
    sergeant = index(nopd.ranks, "sergeant")
    form = edit(nopd, "ranks", **{f"remove_{sergeant}": "on", f"drop_rates_{sergeant}": "on"})
    assert not form.is_valid()
    assert "supervision row 1, 2, 3" in form.errors[f"remove_{sergeant}"][0]
    captain = index(nopd.ranks, "captain")
    form = edit(nopd, "ranks", **{f"remove_{captain}": "on"})
    assert "still paid by" in form.errors[f"remove_{captain}"][0]
    officer = index(nopd.ranks, "officer")
    form = edit(nopd, "ranks", **{f"remove_{officer}": "on"})
    assert "is the base rank" in form.errors[f"remove_{officer}"][0]


@pytest.mark.django_db
def test_removing_a_rank_with_its_rates(nopd):
    captain = index(nopd.ranks, "captain")
    card = applied(nopd, "ranks", **{f"remove_{captain}": "on", f"drop_rates_{captain}": "on"})
    assert "captain" not in {r.code for r in card.ranks}
    assert not [r for r in card.rates if r.rank == "captain"]


@pytest.mark.django_db
def test_a_rank_officers_hold_cannot_be_removed(demo, nopd):
    """The demo's Captain (officer 12) holds the rank: removing it says so."""
    captain = index(nopd.ranks, "captain")
    form = edit(nopd, "ranks", **{f"remove_{captain}": "on", f"drop_rates_{captain}": "on"})
    assert "is the rank of 1 active officer" in form.errors[f"remove_{captain}"][0]


# --- tiers --------------------------------------------------------------------------------------


def test_adding_a_tier_copies_the_pay_of_a_tier_for_every_rank(nopd):
    card = applied(
        nopd, "tiers", new_name="Tier 6", new_code="6", new_level="60", new_copy_from="5"
    )
    assert card.tiers[-1].code == "6"
    five = {(r.job_type, r.rank, r.category): r.officer_pay for r in nopd.rates if r.tier == "5"}
    six = {(r.job_type, r.rank, r.category): r.officer_pay for r in card.rates if r.tier == "6"}
    assert six == five and six


def test_a_tier_missing_for_a_rank_is_explained(nopd):
    """A new tier without pay would leave ranks without a rate at it: the form asks which tier
    it starts from instead of saving a card with a hole."""
    form = edit(nopd, "tiers", new_name="Tier 6", new_level="60")
    assert not form.is_valid()
    assert "pay rate for every rank" in form.errors["new_copy_from"][0]


def test_the_default_tier_cannot_be_removed_until_another_is_chosen(nopd):
    two = index(nopd.tiers, "2+")
    form = edit(nopd, "tiers", **{f"remove_{two}": "on"})
    assert "default tier" in form.errors[f"remove_{two}"][0]
    card = applied(nopd, "tiers", **{f"remove_{two}": "on", "default_tier": "3"})
    assert card.default_tier == "3"
    assert "2+" not in {t.code for t in card.tiers}
    assert not [r for r in card.rates if r.tier == "2+"]


def test_a_tier_named_by_a_premium_cannot_be_removed(nopd):
    used = {e.tier for rule in nopd.calendar for e in [rule.effect] if e.tier}
    used |= {rule.effect.tier for rule in nopd.notice if rule.effect.tier}
    code = sorted(used - {nopd.default_tier})[0]
    i = index(nopd.tiers, code)
    form = edit(nopd, "tiers", **{f"remove_{i}": "on"})
    assert "is the minimum tier of" in form.errors[f"remove_{i}"][0]


# --- rate categories ----------------------------------------------------------------------------


def test_adding_and_removing_a_rate_category(nopd):
    card = applied(
        nopd,
        "categories",
        new_name="Holiday pay",
        new_code="holiday",
        new_copy_from="regular",
    )
    assert card.categories[-1].code == "holiday"
    regular = [r for r in nopd.rates if r.category == "regular"]
    assert len([r for r in card.rates if r.category == "holiday"]) == len(regular)
    i = index(card.categories, "holiday")
    back = applied(card, "categories", **{f"remove_{i}": "on"})
    assert back.categories == nopd.categories
    assert back.rates == nopd.rates
    form = edit(nopd, "categories", remove_0="on")
    assert "cannot be removed" in form.errors["remove_0"][0]


# --- job types ----------------------------------------------------------------------------------


def test_adding_a_job_type_with_its_minimum_tiers_and_specialty(nopd):
    card = applied(
        nopd,
        "job_types",
        new_name="Bicycle patrol",
        new_pricing="hourly",
        new_minimum_hours="3",
        new_specialty="Bicycle",
        new_copy_from="hourly",
    )
    bike = card.job_types[-1]
    assert (bike.code, bike.minimum_hours, bike.uses_tiers, bike.specialty) == (
        "bicycle_patrol",
        Decimal("3"),
        False,
        "bicycle",
    )
    # not priced by tier: one rate per rank from the default tier's amounts
    hourly = {
        (r.rank, r.category): r.officer_pay
        for r in nopd.rates
        if r.job_type == "hourly" and r.tier == nopd.default_tier
    }
    bikes = {(r.rank, r.category): r.officer_pay for r in card.rates if r.job_type == bike.code}
    assert bikes == hourly
    assert {r.tier for r in card.rates if r.job_type == bike.code} == {None}


def test_turning_tiers_off_and_on_for_a_job_type_keeps_its_pay_whole(nopd):
    """Off keeps the default tier's amounts; on gives every tier the amount it had."""
    i = index(nopd.job_types, "hourly")
    off = applied(nopd, "job_types", **{f"uses_tiers_{i}": None})
    default = {
        (r.rank, r.category): r.officer_pay
        for r in nopd.rates
        if r.job_type == "hourly" and r.tier == nopd.default_tier
    }
    flat = {(r.rank, r.category): r.officer_pay for r in off.rates if r.job_type == "hourly"}
    assert flat == default
    assert {r.tier for r in off.rates if r.job_type == "hourly"} == {None}
    on = applied(off, "job_types", **{f"uses_tiers_{i}": "on"})
    spread = {(r.rank, r.tier): r.officer_pay for r in on.rates if r.job_type == "hourly"}
    assert len(spread) == len(default) * len(nopd.tiers)
    assert {pay for (rank, _tier), pay in spread.items() if rank == "officer"} == {
        default[("officer", "regular")]
    }


def test_a_job_type_needs_pay_to_start_from(nopd):
    form = edit(nopd, "job_types", new_name="Bicycle patrol")
    assert "choose the job type it starts from" in form.errors["new_copy_from"][0]


def test_removing_a_job_type_removes_its_pay_unless_a_window_names_it(nopd):
    named = {code for rule in nopd.cancellation.rules for code in rule.job_types}
    free = next(j.code for j in nopd.job_types if j.code not in named and j.code != "hourly")
    i = index(nopd.job_types, free)
    card = applied(nopd, "job_types", **{f"remove_{i}": "on"})
    assert free not in {j.code for j in card.job_types}
    assert not [r for r in card.rates if r.job_type == free]
    i = index(nopd.job_types, sorted(named)[0])
    form = edit(nopd, "job_types", **{f"remove_{i}": "on"})
    assert "is named by the cancellation window" in form.errors[f"remove_{i}"][0]


# --- work categories ----------------------------------------------------------------------------


def test_work_categories_with_their_reasons(nopd):
    card = applied(
        nopd,
        "work_categories",
        new_name="Repossession",
        new_prohibited="on",
        new_reason="Officers may not assist in repossessions.",
    )
    added = card.work_categories[-1]
    assert (added.slug, added.prohibited, added.reason) == (
        "repossession",
        True,
        "Officers may not assist in repossessions.",
    )
    form = edit(nopd, "work_categories", new_name="Evictions", new_prohibited="on")
    assert "Say why it is not allowed" in form.errors["new_reason"][0]
    i = len(card.work_categories) - 1
    back = applied(card, "work_categories", **{f"remove_{i}": "on"})
    assert back.work_categories == nopd.work_categories


def test_every_catalogue_value_is_bounded_plat_limit_1(nopd):
    """PLAT-LIMIT-1: names, codes and levels have limits, named in the message."""
    form = edit(nopd, "ranks", new_name="x" * 500, new_level="5")
    assert "at most 100 characters" in form.errors["new_name"][0]
    form = edit(nopd, "ranks", new_name="Major", new_level="100000")
    assert "less than or equal to 1000" in form.errors["new_level"][0]


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_adds_a_tier_in_the_draft_page_and_a_bad_removal_is_shown(demo, clock):
    client = browser_client(demo.admin("nopd"))
    draft_url = reverse("agencies:manage-draft", kwargs={"agency_slug": "nopd"})
    client.post(reverse("agencies:manage-start", kwargs={"agency_slug": "nopd"}))
    page = client.get(draft_url)
    assert page.status_code == 200
    for title in (b"Ranks", b"Tiers", b"Rate categories", b"Job types", b"Work categories"):
        assert title in page.content
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    data = form_data(card, "tiers", new_name="Tier 6", new_code="6", new_level="60")
    data["tiers-new_copy_from"] = "5"
    response = client.post(draft_url, {"section": "tiers", **data})
    assert response.status_code == 302
    edited = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert "6" in {t.code for t in edited.tiers}
    # the version in force is untouched until published
    assert "6" not in {t.code for t in cardeditor.ratecards.current_card(demo.nopd).tiers}
    before = RateCardDraft.objects.get(agency=demo.nopd).card
    sergeant = index(edited.ranks, "sergeant")
    data = form_data(edited, "ranks", **{f"remove_{sergeant}": "on"})
    response = client.post(draft_url, {"section": "ranks", **data})
    assert response.status_code == 400
    assert b"supervision row 1, 2, 3" in response.content
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before


@pytest.mark.parametrize("slug", ["nopd", "asheville"])
@pytest.mark.parametrize(
    "section", ["ranks", "tiers", "categories", "job_types", "work_categories"]
)
def test_saving_a_catalogue_section_unchanged_keeps_the_card(slug, section):
    """What the page shows, sent back as it is, is the card it came from."""
    card = load_shipped(slug)
    assert applied(card, section) == card

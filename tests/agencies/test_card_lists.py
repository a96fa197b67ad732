"""The card's lists in the editor: add-ons, supervision rows and ratios, notice windows and
cancellation windows added and removed in forms, each mistake explained next to its field, the
whole card still checked, and nothing saved from an invalid draft."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agencies import cardeditor, ratecards
from agencies.models import RateCardDraft
from agencies.pricing import card as c
from agencies.pricing.shipped import load_shipped
from tests.agencies.test_card_catalogue import applied, edit, index
from tests.agencies.test_card_editor import section_post, url
from tests.fixtures import browser_client


@pytest.fixture
def nopd():
    return load_shipped("nopd")


# --- add-ons ------------------------------------------------------------------------------------


def test_adding_an_add_on_priced_per_unit_with_its_quantity_plat_addon_1(nopd):
    """PLAT-ADDON-1: a new add-on's code is made from its name; a per-unit kind takes its unit,
    the most a request may ask for and a first-hour price."""
    card = applied(
        nopd,
        "add_ons",
        new_name="Marked cruiser",
        new_kind=c.ADDON_PER_UNIT_HOUR,
        new_amount="15.00",
        new_accrues_to=c.ACCRUES_OTHER,
        new_unit="cruiser",
        new_most="4",
        new_first="25.00",
    )
    (cruiser,) = card.add_ons
    assert cruiser == c.AddOn(
        "marked_cruiser",
        "Marked cruiser",
        c.ADDON_PER_UNIT_HOUR,
        Decimal("15.00"),
        accrues_to=c.ACCRUES_OTHER,
        unit="cruiser",
        max_quantity=4,
        first_hour_amount=Decimal("25.00"),
    )


def test_renaming_and_removing_add_ons_plat_addon_1(nopd):
    card = applied(
        nopd,
        "add_ons",
        new_name="Detail vehicle",
        new_kind=c.ADDON_PER_OFFICER_HOUR,
        new_amount="8.00",
        new_accrues_to=c.ACCRUES_FEE,
    )
    card = applied(
        card, "add_ons", new_name="Alcohol served", new_kind=c.ADDON_PER_JOB, new_amount="50"
    )
    assert [(a.code, a.accrues_to) for a in card.add_ons] == [
        ("detail_vehicle", c.ACCRUES_FEE),
        ("alcohol_served", c.ACCRUES_OTHER),
    ]
    renamed = applied(card, "add_ons", name_0="Police vehicle", remove_1="on")
    assert [(a.code, a.name) for a in renamed.add_ons] == [("detail_vehicle", "Police vehicle")]
    assert applied(renamed, "add_ons", remove_0="on").add_ons == ()


def test_a_new_add_on_with_missing_or_misfit_fields_is_named(nopd):
    form = edit(nopd, "add_ons", new_name="Cruiser")
    assert not form.is_valid()
    assert "Say how the new add-on is charged" in form.errors["new_kind"][0]
    assert "Give the amount" in form.errors["new_amount"][0]
    form = edit(
        nopd, "add_ons", new_name="Cruiser", new_kind=c.ADDON_PER_UNIT_SHIFT, new_amount="5"
    )
    assert "Say what one unit is called" in form.errors["new_unit"][0]
    form = edit(
        nopd,
        "add_ons",
        new_name="Vehicle",
        new_kind=c.ADDON_PER_OFFICER_HOUR,
        new_amount="5",
        new_most="3",
        new_first="9",
    )
    assert "Only an add-on priced per unit takes a quantity" in form.errors["new_most"][0]
    assert "per unit per hour" in form.errors["new_first"][0]
    card = applied(nopd, "add_ons", new_name="Vehicle", new_kind=c.ADDON_PER_JOB, new_amount="5")
    form = edit(card, "add_ons", new_name="Vehicle", new_kind=c.ADDON_PER_JOB, new_amount="5")
    assert "An add-on with the code 'vehicle' exists" in form.errors["new_code"][0]
    form = edit(nopd, "add_ons", new_kind=c.ADDON_PER_JOB, new_amount="5")
    assert "Name the new add-on" in form.errors["new_name"][0]


def test_a_new_add_on_is_bounded_plat_limit_1(nopd):
    """PLAT-LIMIT-1: the amount, the most units and the name have limits, said in words."""
    form = edit(
        nopd,
        "add_ons",
        new_name="x" * 101,
        new_kind=c.ADDON_PER_UNIT_SHIFT,
        new_amount="100001",
        new_unit="cruiser",
        new_most="501",
    )
    assert "at most 100 characters" in form.errors["new_name"][0]
    assert "less than or equal to 100000" in form.errors["new_amount"][0]
    assert "less than or equal to 500" in form.errors["new_most"][0]


# --- supervision --------------------------------------------------------------------------------


def test_adding_and_removing_supervision_rows_and_ratios_plat_sup_2(nopd):
    """PLAT-SUP-2: table rows and ratios are added and removed; a rank has one or the other."""
    lieutenant = 3  # NOPD's fourth row: 20 or more officers need a Lieutenant
    card = applied(nopd, "supervision", **{f"remove_row_{lieutenant}": "on"})
    assert "lieutenant" not in {row.rank for row in card.supervision.rows}
    card = applied(
        card, "supervision", new_ratio_rank="lieutenant", new_ratio_per="20", new_ratio_from="20"
    )
    assert card.supervision.ratios == (c.SupervisionRatio("lieutenant", 20, 20),)
    card = applied(
        card,
        "supervision",
        remove_ratio_0="on",
        new_row_rank="lieutenant",
        new_row_min="30",
        new_row_supervisors="1",
        new_row_counts="on",
    )
    assert card.supervision.ratios == ()
    assert card.supervision.rows[-1] == c.SupervisionRow(
        30, None, 1, "lieutenant", counts_toward_requested=True
    )


def test_a_new_supervision_row_needs_its_numbers_plat_sup_2(nopd):
    form = edit(nopd, "supervision", new_row_rank="sergeant")
    assert not form.is_valid()
    assert "fewest officers" in form.errors["new_row_min"][0]
    assert "number of supervisors" in form.errors["new_row_supervisors"][0]
    form = edit(nopd, "supervision", new_ratio_per="5")
    assert "Choose the supervisor rank" in form.errors["new_ratio_rank"][0]
    form = edit(nopd, "supervision", new_ratio_rank="captain", new_ratio_per="20000")
    assert "less than or equal to 10000" in form.errors["new_ratio_per"][0]


@pytest.mark.django_db
def test_a_ratio_beside_table_rows_is_refused_next_to_it_and_nothing_saved_plat_sup_2(demo, clock):
    """PLAT-SUP-2: the whole-card check refuses a ratio for a rank with table rows; the message
    shows next to the new ratio's rank and the draft is unchanged."""
    client = browser_client(demo.admin("nopd"))
    client.post(url("manage-start"))
    before = RateCardDraft.objects.get(agency=demo.nopd).card
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    response = section_post(
        client, card, "supervision", new_ratio_rank="sergeant", new_ratio_per="5"
    )
    assert response.status_code == 400
    form = next(f for f in response.context["sections"] if f.key == "supervision")
    assert "give it a table or a ratio, not both" in form.errors["new_ratio_rank"][0]
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before
    # an overlapping new row: next to the new row's first field
    response = section_post(
        client,
        card,
        "supervision",
        new_row_rank="sergeant",
        new_row_min="8",
        new_row_supervisors="1",
    )
    assert response.status_code == 400
    form = next(f for f in response.context["sections"] if f.key == "supervision")
    assert "Overlaps another row" in form.errors["new_row_min"][0]
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before


# --- notice and cancellation windows ------------------------------------------------------------


def test_adding_and_removing_notice_windows(nopd):
    card = applied(
        nopd,
        "notice",
        new_name="Emergency",
        new_within="24",
        new_requires_approval="on",
        new_warning="A coordinator confirms within the hour.",
    )
    emergency = card.notice[-1]
    assert (emergency.code, emergency.within_hours, emergency.requires_approval) == (
        "emergency",
        Decimal("24"),
        True,
    )
    assert emergency.effect == c.Effect()  # its premium is set in "Premiums and overtime"
    short = index(card.notice, "short_notice")
    assert applied(card, "notice", **{f"remove_{short}": "on"}).notice == (emergency,)
    form = edit(nopd, "notice", new_name="Too late", new_within="0")
    assert "more than zero" in form.errors["new_within"][0]
    form = edit(nopd, "notice", new_name="Too late", new_within="169")
    assert "less than or equal to 168" in form.errors["new_within"][0]


def test_adding_and_removing_cancellation_windows(nopd):
    card = applied(
        nopd,
        "cancellation",
        new_name="Within a day",
        new_stage=c.CANCEL_AFTER_APPROVAL,
        new_within="24",
        new_inclusive="on",
        new_job_types=["race"],
        new_charge=c.CHARGE_HOURS_PER_OFFICER,
        new_charge_hours="4",
    )
    rule = card.cancellation.rules[-1]
    assert rule == c.CancellationRule(
        "within_a_day",
        "Within a day",
        c.CANCEL_AFTER_APPROVAL,
        within_hours=Decimal("24"),
        job_types=("race",),
        charges=(c.ChargeComponent(c.CHARGE_HOURS_PER_OFFICER, hours=Decimal("4")),),
        inclusive=True,
    )
    late = index(card.cancellation.rules, "permit_event_late")
    assert applied(card, "cancellation", **{f"remove_{late}": "on"}).cancellation.rules == (rule,)
    form = edit(nopd, "cancellation", new_name="Late", new_charge=c.CHARGE_FLAT)
    assert "before or after approval" in form.errors["new_stage"][0]
    assert "Give the amount charged" in form.errors["new_charge_amount"][0]
    form = edit(nopd, "cancellation", new_name="Late", new_job_types=["no_such_job"])
    assert "Select a valid choice" in form.errors["new_job_types"][0]


@pytest.mark.django_db
def test_admin_adds_an_add_on_and_a_window_in_the_draft_page(demo, clock):
    client = browser_client(demo.admin("nopd"))
    client.post(url("manage-start"))
    page = client.get(url("manage-draft"))
    for label in (b"Add an add-on: name", b"Add a table row", b"Add a notice window: name"):
        assert label in page.content
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    response = section_post(
        client,
        card,
        "add_ons",
        new_name="Marked cruiser",
        new_kind=c.ADDON_PER_UNIT_SHIFT,
        new_amount="40.00",
        new_unit="cruiser",
    )
    assert response.status_code == 302
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert [a.code for a in card.add_ons] == ["marked_cruiser"]
    response = section_post(
        client,
        card,
        "cancellation",
        new_name="Same day",
        new_stage=c.CANCEL_AFTER_APPROVAL,
        new_within="12",
        new_charge=c.CHARGE_FLAT,
        new_charge_amount="75.00",
        new_job_types=[],  # none ticked: every job type
    )
    assert response.status_code == 302, [
        dict(f.errors) for f in response.context["sections"] if f.errors
    ]
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert card.cancellation.rules[-1].charges == (
        c.ChargeComponent(c.CHARGE_FLAT, amount=Decimal("75.00")),
    )
    # the version in force is untouched until published
    assert ratecards.current_card(demo.nopd).add_ons == ()


@pytest.mark.parametrize("slug", ["nopd", "asheville"])
@pytest.mark.parametrize("section", ["add_ons", "supervision", "notice", "cancellation"])
def test_saving_a_list_section_unchanged_keeps_the_card(slug, section):
    """What the page shows, sent back as it is, is the card it came from."""
    card = load_shipped(slug)
    assert applied(card, section) == card


@pytest.mark.django_db
def test_a_rank_a_ratio_names_cannot_be_removed_plat_sup_2(nopd):
    """PLAT-SUP-2: a rank still named by a supervision ratio is not removed silently."""
    card = applied(nopd, "supervision", new_ratio_rank="captain", new_ratio_per="50")
    captain = index(card.ranks, "captain")
    form = edit(card, "ranks", **{f"remove_{captain}": "on", f"drop_rates_{captain}": "on"})
    assert not form.is_valid()
    assert "supervisor rank of a supervision ratio" in form.errors[f"remove_{captain}"][0]


def test_editing_a_notice_window_and_a_cancellation_window(nopd):
    short = index(nopd.notice, "short_notice")
    card = applied(
        nopd,
        "notice",
        **{f"requires_approval_{short}": "on", f"warning_{short}": "  Confirmed by phone.  "},
    )
    rule = card.notice[short]
    assert (rule.requires_approval, rule.warning) == (True, "Confirmed by phone.")
    late = index(nopd.cancellation.rules, "permit_event_late")
    card = applied(nopd, "cancellation", **{f"stage_{late}": c.CANCEL_BEFORE_APPROVAL})
    assert card.cancellation.rules[late].stage == c.CANCEL_BEFORE_APPROVAL
    form = edit(nopd, "notice", **{f"warning_{short}": "x" * 1001})
    assert "at most 1000 characters" in form.errors[f"warning_{short}"][0]

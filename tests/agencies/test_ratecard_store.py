"""Rate cards stored as typed rows: round trips, versions, validation, the agency profile."""

import dataclasses
import json
from datetime import date, time
from decimal import Decimal

import pytest

from agencies import models as m
from agencies import ratecards
from agencies.pricing import card as c
from agencies.pricing.document import DocumentError, read_document

from .conftest import CARD_FILES
from .sample import PROFILE, sample_card

pytestmark = pytest.mark.django_db


def _columns(model) -> set[str]:
    return {f.name for f in model._meta.get_fields() if hasattr(f, "column")}


def test_every_card_field_has_a_column():
    """A field added to the card dataclasses must get a column (and a round trip) here."""
    for _path, model, _related, cls in ratecards.COLLECTIONS:
        nested = ratecards.NESTED.get(model)
        for f in dataclasses.fields(cls):
            if f.name == "effect":
                assert {"effect_kind", "effect_tier", "effect_category"} <= _columns(model)
            elif nested and f.name == nested[0]:
                child_model, child_cls = nested[1], nested[3]
                missing = {g.name for g in dataclasses.fields(child_cls)} - _columns(child_model)
                assert not missing, (child_cls.__name__, missing)
            else:
                assert f.name in _columns(model), (cls.__name__, f.name)
    card_columns = _columns(m.RateCard)
    collections = {path.split(".")[0] for path, *_ in ratecards.COLLECTIONS}
    for f in dataclasses.fields(c.RateCard):
        value = f.default_factory() if f.default_factory is not dataclasses.MISSING else None
        if f.name in ratecards.CARD_PREFIXES:
            nested_cls = {
                "fee": c.FeeRule,
                "overtime": c.Overtime,
                "supervision": c.Supervision,
                "cancellation": c.Cancellation,
                "payment": c.PaymentTerms,
                "hour_caps": c.HourCaps,
            }[f.name]
            for g in dataclasses.fields(nested_cls):
                if f"{f.name}.{g.name}" in {p for p, *_ in ratecards.COLLECTIONS}:
                    continue
                assert f"{f.name}_{g.name}" in card_columns, (f.name, g.name)
        elif f.name in collections or f.name == "agency":
            continue
        else:
            assert f.name in card_columns, (f.name, value)


def test_round_trip_gives_an_equal_card():
    card = sample_card(version=7)  # the store numbers versions itself
    stored = ratecards.save_card(card, PROFILE)
    assert stored.version == 1 and stored.was_created
    again = ratecards.card_from_model(ratecards.load_model(stored.pk))
    assert again == dataclasses.replace(card, version=1)
    assert ratecards.current_card("sample", on=date(2026, 6, 1)) == again


def test_round_trip_keeps_the_order_of_every_list():
    card = sample_card()
    reordered = sample_card(
        rates=tuple(reversed(card.rates)),
        calendar=tuple(reversed(card.calendar)),
        work_categories=tuple(reversed(card.work_categories)),
    )
    ratecards.save_card(reordered, PROFILE)
    again = ratecards.current_card("sample", on=date(2026, 6, 1))
    assert [r.officer_pay for r in again.rates] == [r.officer_pay for r in reversed(card.rates)]
    assert [r.code for r in again.calendar] == ["festival", "weekend", "holiday"]
    assert again == dataclasses.replace(reordered, version=1)


def test_hours_and_factors_come_back_without_column_padding():
    stored = ratecards.save_card(sample_card(), PROFILE)
    data = ratecards.export_document(stored.agency, version=stored.version)["card"]
    assert data["minimum_hours"] == "3"
    assert data["fee"]["percent"] == "12.5"
    assert data["fee"]["cap"] == "9.99"  # money keeps its cents
    assert (data["overtime"]["after_hours"], data["overtime"]["multiplier"]) == ("8", "1.5")
    assert data["rates"][0]["officer_pay"] == "40.00"


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.name)
def test_card_files_round_trip(path):
    """The shipped cards and the examples in docs/examples come back equal from the store."""
    profile, card = read_document(json.loads(path.read_text()))
    stored = ratecards.save_card(card, profile)
    expected = dataclasses.replace(card, version=stored.version)
    assert ratecards.card_from_model(ratecards.load_model(stored.pk)) == expected
    assert ratecards.current_card(card.agency, on=card.effective_from) == expected
    exported = ratecards.export_document(card.agency, version=stored.version)
    assert read_document(json.loads(json.dumps(exported))) == (
        ratecards.agency_profile(stored.agency),
        expected,
    )
    agency = m.Agency.objects.get(slug=card.agency)
    for name, value in profile.items():
        assert getattr(agency, name) == value


def test_versions_are_numbered_per_agency():
    first = ratecards.save_card(sample_card(), PROFILE)
    second = ratecards.save_card(sample_card(notes="Changed."), PROFILE)
    other = ratecards.save_card(
        sample_card(agency="other"), {**PROFILE, "slug": "other", "name": "Other PD"}
    )
    assert (first.version, second.version, other.version) == (1, 2, 1)


def test_saving_the_same_card_again_stores_nothing_new():
    first = ratecards.save_card(sample_card(), PROFILE)
    again = ratecards.save_card(sample_card(version=99), PROFILE)
    assert again.pk == first.pk and not again.was_created
    assert m.RateCard.objects.count() == 1
    changed = ratecards.save_card(sample_card(minimum_hours=Decimal("4")), PROFILE)
    assert changed.version == 2 and changed.was_created
    back = ratecards.save_card(sample_card(), PROFILE)
    assert back.version == 3, "the same content as version 1 supersedes version 2 again"


def test_saving_without_a_profile_needs_an_existing_agency():
    with pytest.raises(m.Agency.DoesNotExist):
        ratecards.save_card(sample_card())
    ratecards.save_card(sample_card(), PROFILE)
    stored = ratecards.save_card(sample_card(notes="Second"))
    assert stored.version == 2


def test_the_profile_creates_then_updates_the_agency():
    ratecards.save_card(sample_card(), PROFILE)
    ratecards.save_card(sample_card(), {**PROFILE, "office_phone": "(555) 010-0111"})
    agency = m.Agency.objects.get(slug="sample")
    assert agency.office_phone == "(555) 010-0111"
    assert agency.name == PROFILE["name"]
    assert m.RateCard.objects.count() == 1


def test_the_card_must_belong_to_the_profiles_agency():
    with pytest.raises(DocumentError) as caught:
        ratecards.save_card(sample_card(agency="elsewhere"), PROFILE)
    assert caught.value.path == "card.agency"
    assert not m.Agency.objects.exists()


@pytest.mark.parametrize(
    ("card", "path"),
    [
        (
            lambda: sample_card(
                rates=(
                    c.Rate("hourly", Decimal("40.005"), rank="officer", tier="1"),
                    *sample_card().rates[1:],
                )
            ),
            "card.rates[0].officer_pay",
        ),
        (
            lambda: sample_card(fee=c.FeeRule(kind="per_fortnight", amount=Decimal("8"))),
            "card.fee.kind",
        ),
        (
            lambda: sample_card(
                ranks=(c.Rank("officer", "Police Officer", 1), c.Rank("officer", "Again", 2))
            ),
            "card.ranks[1]",
        ),
        (
            lambda: sample_card(
                calendar=(
                    c.CalendarRule(
                        code="x",
                        name="X",
                        effect=c.Effect(),
                        dates=(c.DateRange("Backwards", date(2026, 5, 2), date(2026, 5, 1)),),
                    ),
                )
            ),
            "card.calendar[0].dates[0].end",
        ),
    ],
)
def test_a_bad_value_names_its_place_and_writes_nothing(card, path):
    with pytest.raises(DocumentError) as caught:
        ratecards.save_card(card(), PROFILE)
    assert caught.value.path == path
    assert not m.Agency.objects.exists()
    assert not m.RateCard.objects.exists()


def test_a_bad_profile_value_names_its_field():
    with pytest.raises(DocumentError) as caught:
        ratecards.save_card(sample_card(), {**PROFILE, "email": "not an email"})
    assert caught.value.path == "agency.email"
    with pytest.raises(DocumentError) as caught:
        ratecards.save_card(sample_card(), {**PROFILE, "fax": "none"})
    assert caught.value.path == "agency.fax"
    assert not m.Agency.objects.exists()


def test_a_band_keeps_how_hours_added_by_the_minimum_price_plat_premium_1():
    """PLAT-PREMIUM-1: a time band's ``padding`` choice is stored and read back."""
    card = sample_card()
    band = c.CalendarRule(
        "weeknight",
        "Weekday night",
        c.Effect(c.EFFECT_SURCHARGE, amount=Decimal("10.00")),
        weekdays=(0, 1, 2, 3, 4),
        window_start=time(17),
        window_end=time(7),
        padding=c.PADDING_REGULAR,
    )
    card = dataclasses.replace(card, calendar=(*card.calendar, band))
    stored = ratecards.save_card(card, PROFILE)
    assert stored.calendar.get(code="weeknight").padding == c.PADDING_REGULAR
    again = ratecards.card_from_model(ratecards.load_model(stored.pk))
    assert again.calendar[-1] == band
    assert {rule.padding for rule in again.calendar[:-1]} == {c.PADDING_BAND}

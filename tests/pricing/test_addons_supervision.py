"""Add-ons with a quantity (PLAT-ADDON-1) and supervision as a ratio (PLAT-SUP-2): the engine, the
card's validation in words, and the request's bounds (PLAT-LIMIT-1)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from agencies.pricing import card as c
from agencies.pricing.engine import quote
from agencies.pricing.types import QuoteError
from agencies.pricing.validate import DocumentError, validate_card
from agencies.pricing.wire import add_ons_data, build_quote_request

from .helpers import at, card, money, request

VEHICLE = c.AddOn(
    code="patrol_car",
    name="Patrol car",
    kind=c.ADDON_PER_UNIT_HOUR,
    amount=Decimal("20.00"),
    unit="car",
    max_quantity=4,
    first_hour_amount=Decimal("40.00"),
    unit_hours=c.UNIT_HOURS_ELAPSED,
)
BARRIERS = c.AddOn(
    code="barriers",
    name="Barricades",
    kind=c.ADDON_PER_UNIT_SHIFT,
    amount=Decimal("12.50"),
    unit="barricade",
)


def _hadley_with(*add_ons):
    hadley = card("hadley-ma")
    return replace(hadley, add_ons=(*hadley.add_ons, *add_ons))


def _one(rate_card, start, end, officers=1, **kwargs):
    return quote(rate_card, request("hadley-ma", (start, end, officers), **kwargs))


def test_first_hour_then_per_hour_times_the_quantity_plat_addon_1():
    """PLAT-ADDON-1: 2 cars for 5 officers over a 3.5 h detail, first hour $40.00 then $20.00 an
    hour (elapsed hours): 2 x (40.00 + 2.5 x 20.00) = 180.00."""
    rate_card = _hadley_with(VEHICLE)
    result = _one(
        rate_card,
        "2027-03-10 08:00",
        "2027-03-10 11:30",
        5,
        add_ons=("patrol_car",),
        quantities={"patrol_car": 2},
    )
    line = result.lines[-1]
    assert line.description == "Patrol car: 2 cars x (first hour $40.00 + 2.50 h x $20.00)"
    assert (money(line.other), money(line.hours)) == ("180.00", "7.00")
    assert money(result.other_charges) == "180.00"


def test_per_unit_per_shift_plat_addon_1():
    """PLAT-ADDON-1: 3 barricades at $12.50 per shift, on each of two shifts: 2 x 37.50."""
    rate_card = _hadley_with(BARRIERS)
    result = quote(
        rate_card,
        request(
            "hadley-ma",
            ("2027-03-10 08:00", "2027-03-10 12:00", 1),
            ("2027-03-11 08:00", "2027-03-11 12:00", 1),
            add_ons=("barriers",),
            quantities={"barriers": 3},
        ),
    )
    lines = [line for line in result.lines if line.kind == "add_on"]
    assert [line.description for line in lines] == [
        "Barricades: 3 barricades x $12.50 for the shift"
    ] * 2
    assert money(result.other_charges) == "75.00"


def test_a_bare_code_is_one_unit_and_old_kinds_keep_their_meaning_plat_addon_1():
    """PLAT-ADDON-1: a bare code asks for 1 unit; a per-officer add-on ignores no quantity (and
    refuses one above 1 in words)."""
    rate_card = _hadley_with(BARRIERS)
    one = _one(rate_card, "2027-03-10 08:00", "2027-03-10 12:00", add_ons=("barriers",))
    assert one.lines[-1].description == "Barricades: 1 barricade x $12.50 for the shift"
    with pytest.raises(QuoteError) as error:
        _one(
            rate_card,
            "2027-03-10 08:00",
            "2027-03-10 12:00",
            add_ons=("vehicle",),
            quantities={"vehicle": 2},
        )
    assert error.value.field == "add_ons"
    assert error.value.message == "Cruiser is not asked for by quantity: leave the quantity out."


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        (0, "The quantity of Patrol car must be a whole number, at least 1."),
        (5, "At most 4 cars of Patrol car on one request."),
        ("2", "The quantity of Patrol car must be a whole number, at least 1."),
    ],
)
def test_quantities_are_bounded_in_words_plat_limit_1(quantity, message):
    """PLAT-LIMIT-1: the card's maximum (4 cars); nothing below 1; whole numbers only."""
    rate_card = _hadley_with(VEHICLE)
    with pytest.raises(QuoteError) as error:
        build_quote_request(
            rate_card,
            requested_at=at("hadley-ma", "2027-01-02 09:00"),
            shifts=request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 1)).shifts,
            add_ons=("patrol_car",),
            quantities={"patrol_car": quantity},
        )
    assert (error.value.field, error.value.message) == ("add_ons", message)


def test_the_request_keeps_its_quantities_as_sent_plat_addon_1():
    """PLAT-ADDON-1: what a job keeps: codes, and {"code", "quantity"} above 1."""
    rate_card = _hadley_with(VEHICLE)
    req = build_quote_request(
        rate_card,
        requested_at=at("hadley-ma", "2027-01-02 09:00"),
        shifts=request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 1)).shifts,
        add_ons=("vehicle",),
        quantities=(("patrol_car", 3),),
    )
    assert req.add_ons == ("vehicle", "patrol_car")
    assert add_ons_data(req) == ["vehicle", {"code": "patrol_car", "quantity": 3}]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"max_quantity": 0}, "add_ons[1].max_quantity", "must be a whole number from 1 to 500"),
        ({"automatic": True}, "add_ons[1].automatic", "an add-on priced per unit is asked for"),
        ({"unit_hours": "worked"}, "add_ons[1].unit_hours", "unknown way of counting hours"),
        (
            {"kind": c.ADDON_PER_UNIT_SHIFT},
            "add_ons[1].first_hour_amount",
            "a first-hour price needs a per-unit-hour add-on",
        ),
        (
            {"kind": c.ADDON_PER_SHIFT},
            "add_ons[1].max_quantity",
            "only an add-on priced per unit takes a quantity",
        ),
    ],
)
def test_card_validation_of_quantities_in_words_plat_addon_1(change, path, message):
    """PLAT-ADDON-1: a card's quantity fields are checked in words, naming the place."""
    with pytest.raises(DocumentError) as error:
        validate_card(_hadley_with(replace(VEHICLE, **change)))
    assert error.value.path == path
    assert error.value.message.startswith(message)


# --- supervision as a ratio -----------------------------------------------------------------


def _nopd_ratio(**kwargs):
    nopd = card("nopd")
    ratio = c.SupervisionRatio(**{"rank": "sergeant", "per_officers": 5, **kwargs})
    return replace(
        nopd, supervision=replace(nopd.supervision, rows=(), ratios=(ratio,), example=False)
    )


@pytest.mark.parametrize(("officers", "sergeants"), [(1, 1), (5, 1), (6, 2), (12, 3), (25, 5)])
def test_one_sergeant_per_5_officers_plat_sup_2(officers, sergeants):
    """PLAT-SUP-2: 1 sergeant per 5 officers, rounded up (12 officers: 3)."""
    result = quote(
        _nopd_ratio(), request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", officers))
    )
    assert result.supervisors_required == sergeants
    supervisors = [line for line in result.lines if line.kind == "supervisor"]
    assert [(line.rank, line.officers) for line in supervisors] == [("sergeant", sergeants)]
    assert result.responsible == "The sergeant on site is responsible."


def test_a_ratio_from_a_threshold_plat_sup_2():
    """PLAT-SUP-2: from 5 officers on: 4 need none (the senior officer is in charge), 5 need 1."""
    rate_card = _nopd_ratio(from_officers=5)
    four = quote(rate_card, request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 4)))
    assert four.supervisors_required == 0
    assert four.responsible == "The most senior officer on the job is responsible."
    five = quote(rate_card, request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 5)))
    assert five.supervisors_required == 1
    assert five.warnings == (
        "5 officers at once need 1 sergeant on site (1 sergeant per 5 officers).",
    )


def test_a_ratio_counting_toward_the_officers_asked_for_plat_sup_2():
    """PLAT-SUP-2: counted among the officers asked for: 10 asked, 2 of them sergeants."""
    rate_card = _nopd_ratio(counts_toward_requested=True)
    result = quote(rate_card, request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 10)))
    by_kind = {line.kind: line.officers for line in result.lines}
    assert by_kind == {"officer": 8, "supervisor": 2}


def test_overlapping_shifts_share_the_ratio_supervisors_plat_sup_2_nopd_sup_1():
    """PLAT-SUP-2 with NOPD-SUP-1: 4 + 4 officers at once on overlapping shifts need 2 sergeants
    for the crowd of 8, counted once on the longest shift, not 1 + 1 per shift."""
    result = quote(
        _nopd_ratio(from_officers=5),
        request(
            "nopd",
            ("2027-03-10 18:00", "2027-03-10 23:00", 4),
            ("2027-03-10 19:00", "2027-03-10 22:00", 4),
        ),
    )
    assert [s.supervisors for s in result.shifts] == [2, 0]
    assert result.supervisors_required == 2
    lines = [line for line in result.lines if line.kind == "supervisor"]
    assert [(line.shift, line.officers) for line in lines] == [(0, 2)]


@pytest.mark.parametrize(
    ("ratio", "path", "message"),
    [
        ({"per_officers": 0}, "supervision.ratios[0].per_officers", "must be at least 1 officer"),
        ({"from_officers": 0}, "supervision.ratios[0].from_officers", "must be at least 1"),
        ({"rank": "general"}, "supervision.ratios[0].rank", "unknown rank 'general'"),
        ({"rank": "lieutenant"}, "supervision.ratios[0].rank", "rank 'lieutenant' already has"),
    ],
)
def test_card_validation_of_ratios_in_words_plat_sup_2(ratio, path, message):
    """PLAT-SUP-2: a ratio is checked in words; a rank has a table or a ratio, not both."""
    nopd = card("nopd")
    bad = c.SupervisionRatio(**{"rank": "sergeant", "per_officers": 5, **ratio})
    rows = tuple(row for row in nopd.supervision.rows if row.rank == "lieutenant")
    rate_card = replace(nopd, supervision=replace(nopd.supervision, rows=rows, ratios=(bad,)))
    with pytest.raises(DocumentError) as error:
        validate_card(rate_card)
    assert error.value.path == path
    assert error.value.message.startswith(message)

"""Bad input is refused with a message naming the field: the engine, the wire parser and the
rate-card document reader."""

import copy
from dataclasses import replace

import pytest

from agencies.pricing import card as c
from agencies.pricing.document import DocumentError, read_document, write_document
from agencies.pricing.engine import quote
from agencies.pricing.shipped import shipped_document
from agencies.pricing.types import QuoteError, QuoteRequest, ShiftRequest
from agencies.pricing.validate import validate_card
from agencies.quotes import read_quote_request

from .helpers import at, card, request

# --- the engine -----------------------------------------------------------------------------------


def _error(slug, req) -> QuoteError:
    with pytest.raises(QuoteError) as caught:
        quote(card(slug), req)
    return caught.value


def test_no_shifts():
    error = _error("nopd", QuoteRequest(at("nopd", "2027-01-01 00:00"), ()))
    assert error.field == "shifts"


def test_end_before_start_names_the_end():
    error = _error("nopd", request("nopd", ("2027-03-10 18:00", "2027-03-10 17:00", 1)))
    assert (error.field, error.message) == ("shifts[0].ends_at", "The end must be after the start.")
    error = _error("nopd", request("nopd", ("2027-03-10 18:00", "2027-03-10 18:00", 1)))
    assert error.field == "shifts[0].ends_at"


@pytest.mark.parametrize("officers", [0, -2, True, 1.5, "2"])
def test_officers_must_be_a_whole_number_at_least_1(officers):
    req = QuoteRequest(
        at("nopd", "2027-01-01 00:00"),
        (
            ShiftRequest(at("nopd", "2027-03-10 18:00"), at("nopd", "2027-03-10 19:00"), 1),
            ShiftRequest(at("nopd", "2027-03-11 18:00"), at("nopd", "2027-03-11 19:00"), officers),
        ),
    )
    assert _error("nopd", req).field == "shifts[1].officers"


def test_start_already_past_nopd_lead_1_and_odm_lead_1():
    """NOPD-LEAD-1, ODM-LEAD-1: a start at or before the request time is refused."""
    for slug in ("nopd", "asheville"):
        error = _error(
            slug,
            request(
                slug, ("2027-03-10 18:00", "2027-03-10 22:00", 1), requested="2027-03-10 19:00"
            ),
        )
        assert error.field == "shifts[0].starts_at"
        assert "already passed" in error.message


def test_a_shift_longer_than_the_agency_allows():
    """PLAT-LIMIT-1: a shift longer than the card allows is refused, naming the limit."""
    error = _error("nopd", request("nopd", ("2027-03-10 06:00", "2027-03-10 22:01", 1)))
    assert error.field == "shifts[0].ends_at"
    assert "at most 16 hours" in error.message


def test_unknown_rank_tier_job_type_name_the_choices():
    error = _error(
        "nopd", request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 1), rank="chief")
    )
    assert error.field == "rank" and "sergeant (Sergeant)" in error.message
    error = _error("nopd", request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 1), tier="9"))
    assert error.field == "tier" and "2+ (Tier 2+)" in error.message
    error = _error(
        "nopd", request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 1), job_type="x")
    )
    assert error.field == "job_type" and "motorcycle_escort" in error.message


def test_a_tier_where_the_agency_has_none():
    error = _error(
        "asheville", request("asheville", ("2027-03-10 18:00", "2027-03-10 22:00", 1), tier="3")
    )
    assert error.field == "tier"


def test_unknown_or_automatic_add_ons():
    error = _error(
        "hadley-ma",
        request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 1), add_ons=("horse",)),
    )
    assert error.field == "add_ons" and "vehicle (Cruiser)" in error.message
    hadley = card("hadley-ma")
    from decimal import Decimal

    night = c.AddOn(
        "night", "Night differential", c.ADDON_PER_OFFICER_HOUR, Decimal("5"), automatic=True
    )
    with_night = replace(hadley, add_ons=(*hadley.add_ons, night))
    with pytest.raises(QuoteError) as caught:
        quote(
            with_night,
            request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 1), add_ons=("night",)),
        )
    assert caught.value.field == "add_ons"


def test_a_notice_rule_may_refuse():
    from decimal import Decimal

    nopd = card("nopd")
    refusing = replace(
        nopd,
        notice=(
            c.NoticeRule(
                "too_late",
                "Too late",
                Decimal("2"),
                refuse=True,
                warning="We need at least 2 hours.",
            ),
        ),
    )
    with pytest.raises(QuoteError) as caught:
        quote(
            refusing,
            request(
                "nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 1), requested="2027-03-10 17:00"
            ),
        )
    assert (caught.value.field, caught.value.message) == (
        "shifts[0].starts_at",
        "We need at least 2 hours.",
    )


# --- the wire format ------------------------------------------------------------------------------

NOW = at("nopd", "2027-01-01 00:00")
GOOD = {
    "shifts": [
        {
            "starts_at": "2027-03-10T18:00:00-06:00",
            "ends_at": "2027-03-10T22:00:00-06:00",
            "officers": 2,
        }
    ]
}


def _wire_error(data, slug="nopd") -> QuoteError:
    with pytest.raises(QuoteError) as caught:
        read_quote_request(card(slug), data, now=NOW)
    return caught.value


def test_wire_defaults():
    req = read_quote_request(card("nopd"), GOOD, now=NOW)
    assert (req.rank, req.tier, req.job_type, req.add_ons) == ("officer", "2+", "hourly", ())
    assert req.requested_at == NOW
    task = read_quote_request(card("nopd"), {**GOOD, "job_type": "race"}, now=NOW)
    assert task.tier is None
    ash = read_quote_request(card("asheville"), GOOD, now=NOW)
    assert ash.tier is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"shifts": [{**GOOD["shifts"][0], "starts_at": "tomorrow"}]}, "shifts[0].starts_at"),
        ({"shifts": [{**GOOD["shifts"][0], "ends_at": 5}]}, "shifts[0].ends_at"),
        (
            {"shifts": [{"starts_at": "2027-03-10T18:00:00", "ends_at": "2027-03-10T19:00:00"}]},
            "shifts[0].officers",
        ),
        ({"shifts": [{**GOOD["shifts"][0], "officers": "two"}]}, "shifts[0].officers"),
        ({"shifts": [{**GOOD["shifts"][0], "officers": 0}]}, "shifts[0].officers"),
        ({"shifts": [{**GOOD["shifts"][0], "officers": 1.5}]}, "shifts[0].officers"),
        ({"shifts": [{**GOOD["shifts"][0], "officers": True}]}, "shifts[0].officers"),
        ({"shifts": [{**GOOD["shifts"][0], "room": 4}]}, "shifts[0].room"),
        ({"shifts": []}, "shifts"),
        ({"shifts": "many"}, "shifts"),
        ({"shifts": ["x"]}, "shifts[0]"),
        ({"requested_at": "yesterday"}, "requested_at"),
        ({"rank": "chief"}, "rank"),
        ({"rank": 5}, "rank"),
        ({"tier": "9"}, "tier"),
        ({"job_type": "juggling"}, "job_type"),
        ({"add_ons": ["vehicle"]}, "add_ons"),
        ({"add_ons": {"a": 1}}, "add_ons"),
        ({"agency": "asheville"}, "agency"),
        ({"color": "blue"}, "color"),
    ],
)
def test_wire_errors_name_the_field(change, field):
    error = _wire_error({**GOOD, **change})
    assert error.field == field
    assert error.message


def test_wire_error_message_for_a_bad_time():
    error = _wire_error({"shifts": [{**GOOD["shifts"][0], "starts_at": "soon"}]})
    assert f"{error.field}: {error.message}".startswith("shifts[0].starts_at: not a date and time")


def test_wire_not_an_object():
    assert _wire_error(["x"]).field == "request"


def test_wire_tier_where_none():
    assert _wire_error({**GOOD, "tier": "3"}, slug="asheville").field == "tier"
    assert _wire_error({**GOOD, "job_type": "race", "tier": "3"}).field == "tier"


def test_wire_accepts_numbers_as_codes_and_digit_strings_for_officers():
    req = read_quote_request(
        card("nopd"),
        {**GOOD, "tier": 3, "shifts": [{**GOOD["shifts"][0], "officers": "3"}]},
        now=NOW,
    )
    assert (req.tier, req.shifts[0].officers) == ("3", 3)


# --- rate-card documents --------------------------------------------------------------------------


def _doc_error(mutate) -> DocumentError:
    doc = copy.deepcopy(shipped_document("nopd"))
    mutate(doc)
    with pytest.raises(DocumentError) as caught:
        read_document(doc)
    return caught.value


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(format="other/2"), "format"),
        (lambda d: d["agency"].update(time_zone="Mars/Olympus"), "agency.time_zone"),
        (lambda d: d["agency"].update(currency="dollars"), "agency.currency"),
        (lambda d: d["agency"].update(slug="Not A Slug"), "agency.slug"),
        (lambda d: d["agency"].pop("name"), "agency.name"),
        (lambda d: d["card"].update(agency="asheville"), "card.agency"),
        (lambda d: d["card"]["rates"][0].update(officer_pay="lots"), "card.rates[0].officer_pay"),
        (lambda d: d["card"]["rates"][0].update(tier="7"), "card.rates[0].tier"),
        (lambda d: d["card"]["rates"][0].update(rank="chief"), "card.rates[0].rank"),
        (lambda d: d["card"]["rates"][0].update(officer_pay="-1.00"), "card.rates[0].officer_pay"),
        (lambda d: d["card"]["rates"].append(dict(d["card"]["rates"][0])), "card.rates[23]"),
        (lambda d: d["card"].update(base_rank="chief"), "card.base_rank"),
        (lambda d: d["card"].update(default_tier="9"), "card.default_tier"),
        (
            lambda d: d["card"]["calendar"][0]["effect"].update(tier="9"),
            "card.calendar[0].effect.tier",
        ),
        (
            lambda d: d["card"]["calendar"][0].update(holidays=["arbor_day"]),
            "card.calendar[0].holidays[0]",
        ),
        (lambda d: d["card"]["calendar"][0].update(mode="sometimes"), "card.calendar[0].mode"),
        (
            lambda d: d["card"]["supervision"]["rows"][1].update(min_officers=9),
            "card.supervision.rows[1]",
        ),
        (
            lambda d: d["card"]["supervision"]["rows"][0].update(rank="chief"),
            "card.supervision.rows[0].rank",
        ),
        (
            lambda d: d["card"]["cancellation"]["rules"][0].update(stage="later"),
            "card.cancellation.rules[0].stage",
        ),
        (
            lambda d: d["card"]["cancellation"]["rules"][0]["charges"][0].update(kind="double"),
            "card.cancellation.rules[0].charges[0].kind",
        ),
        (lambda d: d["card"]["fee"].update(kind="sometimes"), "card.fee.kind"),
        (lambda d: d["card"]["fee"].update(amount="-8.00"), "card.fee.amount"),
        (lambda d: d["card"].update(surprise=1), "card"),
    ],
)
def test_document_errors_name_the_place(mutate, path):
    error = _doc_error(mutate)
    assert error.path == path, str(error)


def test_validate_card_accepts_every_shipped_and_example_card():
    for slug in ("nopd", "asheville", "hadley-ma", "casa-grande-az", "pembroke-ma"):
        validate_card(card(slug))


def test_write_then_read_gives_the_same_profile_and_card():
    from agencies.pricing.shipped import shipped_profile

    for slug in ("nopd", "asheville"):
        profile, back = read_document(write_document(shipped_profile(slug), card(slug)))
        assert back == card(slug)
        assert profile == shipped_profile(slug)


@pytest.mark.parametrize(
    ("hours", "path"),
    [
        ((0,), "unfilled_escalation_hours[0]"),
        ((72, 169), "unfilled_escalation_hours[1]"),
        ((24, 24), "unfilled_escalation_hours"),
    ],
)
def test_unfilled_escalation_hours_are_bounded_and_distinct(hours, path):
    with pytest.raises(DocumentError) as caught:
        validate_card(replace(card("nopd"), unfilled_escalation_hours=hours))
    assert caught.value.path == path
    validate_card(replace(card("nopd"), unfilled_escalation_hours=(96, 12)))

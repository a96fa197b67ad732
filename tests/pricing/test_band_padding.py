"""Time bands on chosen days and the hours added by the minimum (PLAT-PREMIUM-1): a weekday night
band 17:00-07:00 (+$10.00/h) on Hadley's card ($55.00, 10 % fee) with a 4-hour minimum. Hours
added by the minimum take the band they fall in (``band``, the default), never the band
(``regular``) or the band of the shift's start (``start``)."""

import json
from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.pricing import card as c
from agencies.pricing.document import read_document, write_document
from agencies.pricing.engine import quote
from agencies.pricing.validate import DocumentError, validate_card

from .helpers import EXAMPLES, card, request

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WEEKDAYS = (0, 1, 2, 3, 4)


def _card(padding=c.PADDING_BAND, effect=None, premiums=c.PREMIUMS_HIGHEST):
    hadley = card("hadley-ma")
    night = c.CalendarRule(
        "night",
        "Weekday night",
        effect or c.Effect(c.EFFECT_SURCHARGE, amount=Decimal("10.00")),
        weekdays=WEEKDAYS,
        window_start=time(17),
        window_end=time(7),
        padding=padding,
    )
    return replace(
        hadley,
        premiums=premiums,
        overtime=None,
        billing_blocks=(),
        minimum_hours=Decimal("4"),
        job_types=tuple(replace(j, minimum_hours=None) for j in hadley.job_types),
        calendar=(night,),
        notice=(),
    )


def _pay(rate_card, start, end):
    result = quote(rate_card, request("hadley-ma", (start, end, 1)))
    return result.officer_pay, [(line.kind, line.officer_pay_rate) for line in result.lines]


def _priced(rate_card, start, end):
    pay, lines = _pay(rate_card, start, end)
    return pay, tuple(lines)


# Wednesday 10 March 2027
BEFORE_BAND = ("2027-03-10 16:00", "2027-03-10 17:00")  # padded 17:00-20:00, inside the band
END_OF_BAND = ("2027-03-10 06:00", "2027-03-10 07:00")  # padded 07:00-10:00, after the band


def test_padded_hours_take_the_band_they_fall_in_by_default_plat_premium_1():
    """PLAT-PREMIUM-1 ``band`` (the default): the 3 hours added after a 16:00-17:00 job fall in
    the night band; after a 06:00-07:00 job they fall after it."""
    assert c.CalendarRule("n", "N", c.Effect()).padding == c.PADDING_BAND
    rate_card = _card()
    assert _pay(rate_card, *BEFORE_BAND) == (
        Decimal("250.00"),
        [("officer", Decimal("55.00")), ("minimum", Decimal("65.00"))],
    )
    assert _pay(rate_card, *END_OF_BAND) == (
        Decimal("230.00"),
        [("officer", Decimal("65.00")), ("minimum", Decimal("55.00"))],
    )


def test_padded_hours_at_the_regular_rate_plat_premium_1():
    """PLAT-PREMIUM-1 ``regular``: the hours added are never priced in the band."""
    rate_card = _card(c.PADDING_REGULAR)
    assert _pay(rate_card, *BEFORE_BAND) == (
        Decimal("220.00"),
        [("officer", Decimal("55.00")), ("minimum", Decimal("55.00"))],
    )
    assert _pay(rate_card, *END_OF_BAND)[0] == Decimal("230.00")


def test_padded_hours_take_the_band_of_the_start_plat_premium_1():
    """PLAT-PREMIUM-1 ``start``: a job starting inside the band has its added hours in the band
    (even past its end); one starting before it has them at the regular rate."""
    rate_card = _card(c.PADDING_START)
    assert _pay(rate_card, *BEFORE_BAND)[0] == Decimal("220.00")
    pay, lines = _pay(rate_card, *END_OF_BAND)
    assert pay == Decimal("260.00")
    assert lines == [("officer", Decimal("65.00")), ("minimum", Decimal("65.00"))]
    minimum = quote(rate_card, request("hadley-ma", (*END_OF_BAND, 1))).lines[1]
    assert minimum.rate_name == "Weekday + $10.00/h (weekday night)"
    assert minimum.description == "Minimum 4 h: 3.00 h added"


def test_a_weekday_night_band_starts_on_weekdays_only_plat_premium_1():
    """PLAT-PREMIUM-1: weekday nights 17:00-07:00: Friday night runs into Saturday morning, a
    Saturday evening is regular (whatever the padding choice)."""
    for padding in c.PADDINGS:
        rate_card = _card(padding)
        friday_late = _pay(rate_card, "2027-03-13 05:00", "2027-03-13 09:00")[1]
        assert friday_late == [("officer", Decimal("65.00")), ("officer", Decimal("55.00"))]
        saturday = _pay(rate_card, "2027-03-13 18:00", "2027-03-13 22:00")[1]
        assert saturday == [("officer", Decimal("55.00"))]


def test_a_shift_past_the_minimum_is_priced_alike_whatever_the_padding_plat_premium_1():
    """PLAT-PREMIUM-1: the choice touches only hours added by the minimum."""
    prices = {
        _priced(_card(padding), "2027-03-10 15:00", "2027-03-10 21:00") for padding in c.PADDINGS
    }
    assert prices == {
        (Decimal("370.00"), (("officer", Decimal("55.00")), ("officer", Decimal("65.00"))))
    }


premium_effects = st.one_of(
    st.decimals(min_value="0.01", max_value="40.00", places=2).map(
        lambda a: c.Effect(c.EFFECT_SURCHARGE, amount=a)
    ),
    st.decimals(min_value="1.01", max_value="3.00", places=2).map(
        lambda f: c.Effect(c.EFFECT_MULTIPLIER, multiplier=f)
    ),
)


@SETTINGS
@given(
    effect=premium_effects,
    premiums=st.sampled_from([c.PREMIUMS_HIGHEST, c.PREMIUMS_ADDITIVE, c.PREMIUMS_MULTIPLIER_ONCE]),
    minutes=st.integers(min_value=0, max_value=7 * 24 * 4 - 1),
    quarters=st.integers(min_value=1, max_value=24),
)
def test_padded_hours_never_cost_more_at_regular_than_in_the_band_plat_premium_1(
    effect, premiums, minutes, quarters
):
    """PLAT-PREMIUM-1 (property): for a band with a premium, any start in a week and any length
    up to 6 hours, ``regular`` never costs more than ``band`` or ``start``, and a shift the
    minimum does not pad costs the same under all three."""
    start = datetime(2027, 3, 8) + timedelta(minutes=15 * minutes)
    end = start + timedelta(minutes=15 * quarters)
    shift = (f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}", 1)
    totals = {
        padding: quote(
            _card(padding, effect, premiums), request("hadley-ma", shift, requested="2027-03-01")
        ).total
        for padding in c.PADDINGS
    }
    assert totals[c.PADDING_REGULAR] <= totals[c.PADDING_BAND]
    assert totals[c.PADDING_REGULAR] <= totals[c.PADDING_START]
    if quarters >= 16:
        assert len(set(totals.values())) == 1


def test_the_padding_choice_is_checked_in_words_plat_premium_1():
    """PLAT-PREMIUM-1: an unknown choice, or a choice on a rule that is not a time band, is
    refused naming the field."""
    rate_card = _card()
    night = rate_card.calendar[0]
    with pytest.raises(DocumentError) as unknown:
        validate_card(replace(rate_card, calendar=(replace(night, padding="night"),)))
    assert unknown.value.path == "calendar[0].padding"
    assert "regular" in unknown.value.message
    whole_day = replace(night, window_start=None, window_end=None, padding=c.PADDING_REGULAR)
    with pytest.raises(DocumentError) as not_a_band:
        validate_card(replace(rate_card, calendar=(whole_day,)))
    assert not_a_band.value.path == "calendar[0].padding"
    assert "time band" in not_a_band.value.message


def test_the_padding_choice_survives_the_card_document_plat_premium_1():
    """PLAT-PREMIUM-1: ``padding`` is written and read back; a document without it means
    ``band``."""
    rate_card = _card(c.PADDING_START)
    with (EXAMPLES / "hadley-ma.json").open(encoding="utf-8") as handle:
        profile = json.load(handle)["agency"]
    data = write_document(profile, rate_card)
    assert data["card"]["calendar"][0]["padding"] == "start"
    assert read_document(data)[1].calendar[0].padding == c.PADDING_START
    del data["card"]["calendar"][0]["padding"]
    assert read_document(data)[1].calendar[0].padding == c.PADDING_BAND

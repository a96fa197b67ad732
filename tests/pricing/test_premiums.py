"""How premiums combine (PLAT-PREMIUM-1): the highest rate, additive surcharges or one multiplier
applied once; overtime as a multiplier or a surcharge, compounding or not, billed in increments;
time bands. Properties (hypothesis) on a card built from Hadley's ($55.00, 10 % fee) with a
weekend, a holiday, a night band 22:00-06:00 and a short-notice premium; Christmas 2027 is a
Saturday, so a shift that night late at notice has every premium at once."""

from dataclasses import replace
from datetime import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.pricing import card as c
from agencies.pricing.engine import quote
from agencies.pricing.validate import DocumentError, validate_card

from .helpers import card, money, request

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = Decimal("55.00")
amounts = st.decimals(min_value="0.01", max_value="40.00", places=2)
factors = st.decimals(min_value="1.01", max_value="3.00", places=2)


def _card(premiums, weekend, holiday, night, notice, overtime=None):
    """Hadley with four premiums of the given effects."""
    hadley = card("hadley-ma")
    return replace(
        hadley,
        premiums=premiums,
        overtime=overtime,
        billing_blocks=(),
        minimum_hours=Decimal("0"),
        calendar=(
            c.CalendarRule("weekend", "Weekend", weekend, weekdays=(5, 6)),
            c.CalendarRule("holiday", "Holiday", holiday, holidays=("christmas_day",)),
            c.CalendarRule("night", "Night", night, window_start=time(22), window_end=time(6)),
        ),
        notice=(c.NoticeRule("short", "Short notice", Decimal("24"), notice),),
    )


def _add(amount):
    return c.Effect(c.EFFECT_SURCHARGE, amount=amount)


def _times(factor):
    return c.Effect(c.EFFECT_MULTIPLIER, multiplier=factor)


def _christmas_night(rate_card, late=True, hours=1):
    """A shift at 22:30 on Saturday, Christmas Day 2027, all inside the night band."""
    end = f"2027-12-25 {22 + hours}:30" if hours == 1 else "2027-12-26 00:30"
    requested = "2027-12-25 12:00" if late else "2027-12-01 12:00"
    return quote(rate_card, request("hadley-ma", ("2027-12-25 22:30", end, 1), requested=requested))


@SETTINGS
@given(amounts, amounts, amounts, amounts)
def test_additive_is_the_base_plus_every_applicable_surcharge_plat_premium_1(a, b, n, s):
    """PLAT-PREMIUM-1 additive: a Christmas Saturday night at short notice is 55.00 + weekend +
    holiday + night + notice surcharges; at ample notice, without the notice surcharge."""
    rate_card = _card(c.PREMIUMS_ADDITIVE, _add(a), _add(b), _add(n), _add(s))
    (line,) = _christmas_night(rate_card).lines
    assert line.officer_pay_rate == BASE + a + b + n + s
    assert line.rate_name.startswith("Weekday + $")
    (early,) = _christmas_night(rate_card, late=False).lines
    assert early.officer_pay_rate == BASE + a + b + n


@SETTINGS
@given(factors, factors, factors, factors, factors)
def test_multiplier_once_never_exceeds_base_times_the_largest_plat_premium_1(w, h, n, s, ot):
    """PLAT-PREMIUM-1 multiplier_once: with every premium and overtime at once, the rate is the
    base x the largest multiplier, once (never a product of them)."""
    overtime = c.Overtime(Decimal("1.5"), ot, compounds=False)  # from midnight
    rate_card = _card(
        c.PREMIUMS_MULTIPLIER_ONCE, _times(w), _times(h), _times(n), _times(s), overtime
    )
    result = _christmas_night(rate_card, hours=2)
    first, overtime = result.lines
    cent = Decimal("0.01")
    assert first.officer_pay_rate == (BASE * max(w, h, n, s)).quantize(cent)
    # the overtime hour runs into Sunday, Dec 26: weekend, night and notice, not the holiday
    assert overtime.kind == "overtime"
    assert overtime.officer_pay_rate == (BASE * max(w, n, s, ot)).quantize(cent)
    for line in result.lines:
        assert line.officer_pay_rate <= BASE * max(w, h, n, s, ot) + Decimal("0.005")


@SETTINGS
@given(amounts, factors, factors, amounts)
def test_highest_is_never_below_any_single_premium_plat_premium_1(a, h, n, s):
    """PLAT-PREMIUM-1 highest: the hour's customer rate is at least each premium alone and equals
    the largest of them."""
    rate_card = _card(c.PREMIUMS_HIGHEST, _add(a), _times(h), _times(n), _add(s))
    (line,) = _christmas_night(rate_card).lines
    singles = [BASE + a, (BASE * h).quantize(Decimal("0.01")), (BASE * n).quantize(Decimal("0.01"))]
    singles.append(BASE + s)
    for single in singles:
        assert line.officer_pay_rate >= single
    assert line.officer_pay_rate == max(singles)


def test_overtime_compounds_or_joins_the_premiums_plat_premium_1():
    """PLAT-PREMIUM-1: on a Saturday at 1.5x, overtime 1.5x that compounds pays 55 x 1.5 x 1.5 =
    123.75; not compounding, the higher of the two (82.50); a $10 surcharge overtime that compounds
    adds to the premium rate (92.50)."""
    weekend = _times(Decimal("1.5"))
    none = c.Effect()

    def overtime_rate(overtime):
        rate_card = _card(c.PREMIUMS_HIGHEST, weekend, none, none, none, overtime)
        result = quote(rate_card, request("hadley-ma", ("2027-03-13 08:00", "2027-03-13 18:00", 1)))
        return result.lines[-1]

    compounding = overtime_rate(c.Overtime(Decimal("8"), Decimal("1.5")))
    assert money(compounding.officer_pay_rate) == "123.75"
    assert compounding.rate_name == "Overtime (1.5x) on Weekday x 1.5 (weekend)"
    joined = overtime_rate(c.Overtime(Decimal("8"), Decimal("1.5"), compounds=False))
    assert money(joined.officer_pay_rate) == "82.50"
    surcharge = c.Overtime(
        Decimal("8"), kind=c.OVERTIME_SURCHARGE, amount=Decimal("10.00"), compounds=True
    )
    assert money(overtime_rate(surcharge).officer_pay_rate) == "92.50"


def test_existing_cards_default_to_the_highest_rate():
    """PLAT-PREMIUM-1: a card that does not say combines premiums as before (ODM-RATE-2)."""
    for slug in ("nopd", "asheville", "hadley-ma", "casa-grande-az"):
        assert card(slug).premiums == c.PREMIUMS_HIGHEST
        assert card(slug).overtime is None or card(slug).overtime.compounds


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda k: replace(
                k,
                premiums=c.PREMIUMS_ADDITIVE,
                calendar=(replace(k.calendar[0], effect=_times(Decimal("2"))),),
            ),
            "calendar[0].effect.kind",
            "give it a surcharge per hour",
        ),
        (
            lambda k: replace(
                k,
                premiums=c.PREMIUMS_MULTIPLIER_ONCE,
                calendar=(replace(k.calendar[0], effect=_add(Decimal("5"))),),
            ),
            "calendar[0].effect.kind",
            "give it a multiplier",
        ),
        (lambda k: replace(k, premiums="stacked"), "premiums", "way to combine premiums"),
        (
            lambda k: replace(k, overtime=c.Overtime(Decimal("8"), kind=c.OVERTIME_SURCHARGE)),
            "overtime.amount",
            "amount added per hour",
        ),
        (
            lambda k: replace(
                k, overtime=c.Overtime(Decimal("8"), Decimal("1.5"), increment_hours=Decimal("0"))
            ),
            "overtime.increment_hours",
            "more than zero",
        ),
        (
            lambda k: replace(k, calendar=(replace(k.calendar[0], window_start=time(17)),)),
            "calendar[0].window_end",
            "both ends of the time band",
        ),
        (
            lambda k: replace(
                k,
                calendar=(replace(k.calendar[0], window_start=time(17), window_end=time(17)),),
            ),
            "calendar[0].window_end",
            "another time",
        ),
        (
            lambda k: replace(
                k, calendar=(replace(k.calendar[0], effect=c.Effect(c.EFFECT_SURCHARGE)),)
            ),
            "calendar[0].effect.amount",
            "is required",
        ),
    ],
)
def test_premium_mistakes_are_explained_in_words_plat_premium_1(change, path, words):
    """PLAT-PREMIUM-1: a premium that does not fit the way the card combines them, or an
    incomplete overtime or band, is refused naming the field and why."""
    with pytest.raises(DocumentError) as caught:
        validate_card(change(card("hadley-ma")))
    assert caught.value.path == path
    assert words in caught.value.message


def test_a_shift_across_a_band_edge_is_split_there():
    """A time band splits a shift at its edges: Wednesday 20:00-24:00 with a 22:00-06:00 night
    surcharge of $5 is 2 h at 55.00 and 2 h at 60.00, the second line naming the band."""
    none = c.Effect()
    rate_card = _card(c.PREMIUMS_ADDITIVE, none, none, _add(Decimal("5.00")), none)
    result = quote(rate_card, request("hadley-ma", ("2027-03-10 20:00", "2027-03-11 00:00", 1)))
    day, night = result.lines
    assert (money(day.hours), money(day.officer_pay_rate)) == ("2.00", "55.00")
    assert (money(night.hours), money(night.officer_pay_rate)) == ("2.00", "60.00")
    assert night.description.endswith("(Night)")
    assert night.rate_name == "Weekday + $5.00/h night"

"""Rule shapes a card can express without code (add-ons, fee per job, multipliers, overtime) and
the engine's own guarantees (PLAT-MONEY-1, PLAT-QUOTE-1)."""

from dataclasses import replace
from datetime import time
from decimal import Decimal

import pytest

from agencies.pricing import card as c
from agencies.pricing.engine import hourly_fee, quote
from agencies.pricing.holidays import HOLIDAY_RULES, holiday_date, rule_dates

from .helpers import card, money, request


def test_plat_money_1_a_shift_split_by_the_minimum_costs_what_its_hours_cost():
    """PLAT-MONEY-1: 3.5 h at Asheville bills 4 h and costs 207.00, the same as 4 h (the lines
    are rounded as a running total, so half cents do not add up to an extra cent)."""
    result = quote(
        card("asheville"), request("asheville", ("2027-03-10 18:00", "2027-03-10 21:30", 1))
    )
    assert money(result.total) == "207.00"
    assert sum(line.amount for line in result.lines) == result.total


def test_plat_money_1_fee_rounding_rules():
    """PLAT-MONEY-1: an hourly fee is rounded to the cent by the card's rule, capped."""
    percent = c.FeeRule(kind=c.FEE_PERCENT, percent=Decimal("15"))
    assert money(hourly_fee(percent, Decimal("67.50"))) == "10.13"  # 10.125 half-up
    assert money(hourly_fee(replace(percent, rounding=c.ROUND_DOWN), Decimal("67.50"))) == "10.12"
    assert money(hourly_fee(replace(percent, rounding=c.ROUND_UP), Decimal("45.01"))) == "6.76"
    assert money(hourly_fee(replace(percent, cap=Decimal("9.00")), Decimal("67.50"))) == "9.00"
    assert money(hourly_fee(c.FeeRule(amount=Decimal("8")), Decimal("46.33"))) == "8.00"
    assert (
        money(hourly_fee(c.FeeRule(kind=c.FEE_PER_JOB, amount=Decimal("25")), Decimal("50")))
        == "0.00"
    )


def test_plat_quote_1_lines_say_hours_rates_amounts_and_rules():
    """PLAT-QUOTE-1: every line has hours, officer pay rate, admin fee rate, amount, rule IDs
    and plain words; the quote lists every rule that shaped it."""
    result = quote(
        card("nopd"),
        request("nopd", ("2027-12-25 22:00", "2027-12-26 02:00", 5), requested="2027-12-20 09:00"),
    )
    for line in result.lines:
        assert line.description and line.rate_name and line.rules
        assert line.amount == line.officer_pay + line.admin_fee + line.other
    assert set(result.rules) >= {
        "NOPD-RATE-1",
        "NOPD-HOL-1",
        "NOPD-HOL-2",
        "NOPD-SUP-1",
        "NOPD-LEAD-1",
    }
    assert result.requires_approval
    assert money(result.total) == "1205.50"  # 5 x (2 x 54.33 + 2 x 45) + 2 x 57.10 + 2 x 49


def _hadley():
    return card("hadley-ma")


def test_an_automatic_night_differential_in_a_window_past_midnight():
    """Add-ons: a per-officer-hour add-on limited to 22:00-06:00 counts only the elapsed hours
    inside the window, and lands in officer pay when it accrues to the officer."""
    night = c.AddOn(
        "night",
        "Night differential",
        c.ADDON_PER_OFFICER_HOUR,
        Decimal("5.00"),
        accrues_to=c.ACCRUES_OFFICER,
        automatic=True,
        window_start=time(22),
        window_end=time(6),
    )
    with_night = replace(_hadley(), add_ons=(*_hadley().add_ons, night))
    result = quote(with_night, request("hadley-ma", ("2027-03-10 20:00", "2027-03-11 02:00", 2)))
    line = next(line for line in result.lines if line.kind == "add_on")
    assert money(line.hours) == "8.00"  # 4 h in the window x 2 officers
    assert money(line.officer_pay) == "40.00"
    assert money(line.officer_pay_rate) == "5.00"
    day = quote(with_night, request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 2)))
    assert not any(line.kind == "add_on" for line in day.lines)


def test_an_add_on_name_with_a_colon_keeps_its_whole_text():
    """An add-on called "Night 17:00-07:00" is named whole on its line (not cut at the colon)."""
    night = c.AddOn(
        "night",
        "Night 17:00-07:00: vehicle",
        c.ADDON_PER_OFFICER_HOUR,
        Decimal("5.00"),
        automatic=True,
        window_start=time(17),
        window_end=time(7),
    )
    with_night = replace(_hadley(), add_ons=(*_hadley().add_ons, night))
    result = quote(with_night, request("hadley-ma", ("2027-03-10 18:00", "2027-03-10 22:00", 1)))
    line = next(line for line in result.lines if line.kind == "add_on")
    assert line.rate_name == "Night 17:00-07:00: vehicle"
    assert line.description == "Night 17:00-07:00: vehicle: 4.00 officer-hours x $5.00"


def test_add_ons_per_shift_per_officer_shift_and_per_job():
    """Add-ons: per officer per shift, per shift and per job, each in its bucket."""
    add_ons = (
        c.AddOn("radio", "Radio", c.ADDON_PER_OFFICER_SHIFT, Decimal("3.00")),
        c.AddOn("cones", "Traffic cones", c.ADDON_PER_SHIFT, Decimal("15.00")),
        c.AddOn(
            "permit", "Permit handling", c.ADDON_PER_JOB, Decimal("25.00"), accrues_to=c.ACCRUES_FEE
        ),
    )
    rate_card = replace(_hadley(), add_ons=add_ons)
    result = quote(
        rate_card,
        request(
            "hadley-ma",
            ("2027-03-10 08:00", "2027-03-10 12:00", 2),
            ("2027-03-11 08:00", "2027-03-11 12:00", 1),
            add_ons=("radio", "cones", "permit"),
        ),
    )
    extras = [
        (line.description, money(line.amount)) for line in result.lines if line.kind == "add_on"
    ]
    assert extras == [
        ("Radio: 2 officers x $3.00", "6.00"),
        ("Traffic cones: $15.00 for the shift", "15.00"),
        ("Radio: 1 officer x $3.00", "3.00"),
        ("Traffic cones: $15.00 for the shift", "15.00"),
        ("Permit handling: $25.00 per job", "25.00"),
    ]
    assert money(result.other_charges) == "39.00"
    assert money(result.total) == "790.00"  # 12 officer-hours x 60.50 + 39 + 25


def test_admin_fee_per_job_and_per_officer():
    """Fee rule: a flat amount per job plus per officer per shift (Honolulu's shape)."""
    rate_card = replace(
        _hadley(),
        fee=c.FeeRule(kind=c.FEE_PER_JOB, amount=Decimal("25.00"), per_officer=Decimal("10.00")),
    )
    result = quote(rate_card, request("hadley-ma", ("2027-03-10 08:00", "2027-03-10 12:00", 2)))
    fees = [(line.kind, money(line.admin_fee)) for line in result.lines if line.kind == "fee"]
    assert fees == [("fee", "20.00"), ("fee", "25.00")]
    assert money(result.admin_fee) == "45.00"
    assert money(result.total) == "485.00"  # 8 x 55 + 45


def test_a_holiday_multiplier_effect():
    """Calendar effect: officer pay x multiplier, half-up to the cent, fee recomputed."""
    hadley = _hadley()
    holiday = replace(
        hadley.calendar[1], effect=c.Effect(c.EFFECT_MULTIPLIER, multiplier=Decimal("1.75"))
    )
    rate_card = replace(hadley, calendar=(holiday,))
    result = quote(rate_card, request("hadley-ma", ("2027-09-06 08:00", "2027-09-06 12:00", 1)))
    (line,) = result.lines
    assert (money(line.officer_pay_rate), money(line.admin_fee_rate)) == ("96.25", "9.63")
    assert line.rate_name == "Weekday x 1.75 (holiday)"


def test_holiday_rules_are_actual_dates():
    """ODM-HOL-1, NOPD-HOL-1: named holidays by rule, actual dates (never observed)."""
    expected = {
        "mardi_gras": "2027-02-09",
        "lundi_gras": "2027-02-08",
        "good_friday": "2027-03-26",
        "easter": "2027-03-28",
        "mlk_day": "2027-01-18",
        "presidents_day": "2027-02-15",
        "memorial_day": "2027-05-31",
        "labor_day": "2027-09-06",
        "columbus_day": "2027-10-11",
        "thanksgiving": "2027-11-25",
        "day_after_thanksgiving": "2027-11-26",
        "independence_day": "2027-07-04",
        "christmas_day": "2027-12-25",
    }
    for key, day in expected.items():
        assert holiday_date(key, 2027).isoformat() == day
    assert holiday_date("mardi_gras", 2028).isoformat() == "2028-02-29"
    assert holiday_date("memorial_day", 2026).isoformat() == "2026-05-25"
    assert len(HOLIDAY_RULES) >= 18


def test_holidays_of_other_calendars_are_computed_each_year():
    """Rosh Hashanah, Yom Kippur (the Hebrew calendar) and Orthodox Easter move every year: a card
    names them and the dates are computed, never typed in."""
    expected = {
        ("rosh_hashanah", 2026): "2026-09-12",
        ("yom_kippur", 2026): "2026-09-21",
        ("rosh_hashanah", 2027): "2027-10-02",
        ("yom_kippur", 2027): "2027-10-11",
        ("passover", 2027): "2027-04-22",
        ("orthodox_easter", 2027): "2027-05-02",
    }
    for (key, year), day in expected.items():
        assert holiday_date(key, year).isoformat() == day
    hadley = _hadley()
    high_holy_days = c.CalendarRule(
        "high_holy_days",
        "High Holy Days",
        c.Effect(c.EFFECT_MULTIPLIER, multiplier=Decimal("1.5")),
        holidays=("rosh_hashanah", "yom_kippur"),
    )
    rate_card = replace(hadley, calendar=(high_holy_days,))
    on = quote(rate_card, request("hadley-ma", ("2027-10-11 08:00", "2027-10-11 12:00", 1)))
    off = quote(rate_card, request("hadley-ma", ("2027-10-12 08:00", "2027-10-12 12:00", 1)))
    assert on.total > off.total
    assert on.lines[0].description.endswith("(Yom Kippur)")
    assert on.lines[0].rate_name == "Weekday x 1.5 (high holy days)"


def test_a_country_calendar_takes_every_date_of_the_holidays_package():
    """A card may name a whole calendar ("US-LA"): Mardi Gras comes from the package."""
    nopd = card("nopd")
    rule = replace(nopd.calendar[0], holidays=(), country_calendar="US-LA")
    names = dict(rule_dates(rule, 2027))
    assert "Mardi Gras" in names[holiday_date("mardi_gras", 2027)]
    result = quote(
        replace(nopd, calendar=(rule,)),
        request("nopd", ("2027-02-09 10:00", "2027-02-09 11:00", 1)),
    )
    assert money(result.total) == "54.33"


def test_rule_dates_lists_a_years_dates_for_the_rates_page():
    nopd = card("nopd")
    holidays = [day.isoformat() for day, _ in rule_dates(nopd.calendar[0], 2027)]
    assert len(holidays) == 14
    assert "2027-11-11" not in holidays
    jazz = list(rule_dates(nopd.calendar[1], 2027))
    assert len(jazz) == 6 and "example" in jazz[0][1]


def test_nopd_sup_1_the_highest_supervisor_rank_is_named_whatever_the_shift_order():
    """NOPD-SUP-1: with several supervised shifts needing different supervisor ranks, the quote
    names the highest rank as responsible, the same way every time."""
    small = ("2027-03-10 08:00", "2027-03-10 12:00", 6)  # a sergeant
    large = ("2027-03-11 08:00", "2027-03-11 12:00", 25)  # a lieutenant and sergeants
    one = quote(card("nopd"), request("nopd", small, large))
    other = quote(card("nopd"), request("nopd", large, small))
    assert one.responsible == other.responsible
    assert one.responsible.startswith("The lieutenant on site is responsible")


def test_a_card_without_a_maximum_shift_length_prices_a_long_shift():
    """``max_shift_hours: null``: no card maximum; the site's bound (PLAT-LIMIT-1) still applies
    at the edge (``wire.check_bounds``)."""
    from agencies.pricing.types import QuoteError
    from agencies.pricing.wire import check_bounds
    from detailhire.limits import DEFAULTS

    open_card = replace(_hadley(), max_shift_hours=None)
    long = request("hadley-ma", ("2027-03-10 06:00", "2027-03-11 06:00", 1))
    assert quote(open_card, long).shifts[0].elapsed_hours == Decimal("24.00")
    with pytest.raises(QuoteError):
        quote(_hadley(), long)
    too_long = request("hadley-ma", ("2027-03-10 06:00", "2027-03-14 06:00", 1))
    with pytest.raises(QuoteError) as refused:
        check_bounds(too_long, DEFAULTS, now=too_long.requested_at)
    assert "at most 72 hours" in refused.value.message


def test_a_time_band_limited_to_weekdays():
    """A weekday night band 17:00-07:00 (Mon-Fri starts): a Friday night counts, its morning
    after included; a Saturday night does not."""
    from agencies.presentation import add_on_when

    band = c.AddOn(
        "weeknight",
        "Weekday nights",
        c.ADDON_PER_OFFICER_HOUR,
        Decimal("4.00"),
        automatic=True,
        window_start=time(17),
        window_end=time(7),
        weekdays=(0, 1, 2, 3, 4),
    )
    banded = replace(_hadley(), add_ons=(*_hadley().add_ons, band))
    friday = quote(banded, request("hadley-ma", ("2027-03-12 22:00", "2027-03-13 02:00", 1)))
    line = next(line for line in friday.lines if line.kind == "add_on")
    assert money(line.hours) == "4.00"
    saturday = quote(banded, request("hadley-ma", ("2027-03-13 22:00", "2027-03-14 02:00", 1)))
    assert not any(line.kind == "add_on" for line in saturday.lines)
    assert add_on_when(band) == "17:00-07:00, starting Mon-Fri"

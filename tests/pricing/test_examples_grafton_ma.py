"""Grafton MA (docs/examples/grafton-ma.json, from https://graftonpolice.com/detail-request):
$65.00; $97.50 for 7 PM-7 AM Monday-Friday, weekends, holidays and emergency details; $146.25
after 8 hours (time and a half of the applicable rate: overtime compounds on the night rate);
10 % admin fee; 4 hours minimum, 8 after 4; hours rounded up. The highest rate wins
(PLAT-PREMIUM-1), priced with no code of its own."""

from agencies.pricing.engine import quote

from .helpers import card, money, request

SLUG = "grafton-ma"


def _grafton(start, end, officers=1, **kwargs):
    return quote(card(SLUG), request(SLUG, (start, end, officers), **kwargs))


def test_grafton_65_an_hour_plus_10_percent():
    """Grafton: a weekday 4-hour detail: 4 x 65.00 + 10 % = 286.00; 8 h = 572.00; 5 h pays 8."""
    day = _grafton("2027-03-10 08:00", "2027-03-10 12:00")
    (line,) = day.lines
    assert (money(line.officer_pay_rate), money(line.admin_fee_rate)) == ("65.00", "6.50")
    assert money(day.total) == "286.00"
    assert money(_grafton("2027-03-10 07:00", "2027-03-10 15:00").total) == "572.00"
    assert money(_grafton("2027-03-10 08:00", "2027-03-10 13:00").total) == "572.00"


def test_grafton_97_50_nights_weekends_holidays():
    """PLAT-PREMIUM-1 Grafton: 7 PM-7 AM on a Wednesday, a Saturday, Labor Day: 97.50 an hour
    (4 h = 390.00 + 39.00 fee = 429.00); a shift across 7 PM splits 4 h at 65 + 4 h at 97.50."""
    night = _grafton("2027-03-10 19:00", "2027-03-10 23:00")
    (line,) = night.lines
    assert line.rate_name == "Night, weekend and holiday rate"
    assert "(Night 7 PM-7 AM)" in line.description
    assert money(night.total) == "429.00"
    for day in ("2027-03-13", "2027-09-06"):
        assert money(_grafton(f"{day} 08:00", f"{day} 12:00").total) == "429.00"
    evening = _grafton("2027-03-10 15:00", "2027-03-10 23:00")
    assert [money(line.officer_pay_rate) for line in evening.lines] == ["65.00", "97.50"]
    assert money(evening.officer_pay) == "650.00"


def test_grafton_after_8_hours_146_25_on_the_night_rate():
    """PLAT-PREMIUM-1 Grafton: a Wednesday 11:00-21:00: 8 h x 65 + 2 h overtime at night x
    146.25 (1.5 x 97.50) = 812.50 officer pay; a Saturday 06:00-16:00: 8 x 97.50 + 2 x 146.25 =
    1,072.50; a weekday daytime overtime hour is 97.50 (1.5 x 65)."""
    evening = _grafton("2027-03-10 11:00", "2027-03-10 21:00")
    overtime = evening.lines[-1]
    assert overtime.kind == "overtime"
    assert money(overtime.officer_pay_rate) == "146.25"
    assert overtime.rate_name == "Overtime (1.5x) on Night, weekend and holiday rate"
    assert money(evening.officer_pay) == "812.50"
    saturday = _grafton("2027-03-13 06:00", "2027-03-13 16:00")
    assert money(saturday.officer_pay) == "1072.50"
    daytime = _grafton("2027-03-10 07:00", "2027-03-10 16:00")
    assert money(daytime.lines[-1].officer_pay_rate) == "97.50"
    assert money(daytime.officer_pay) == "617.50"


def test_grafton_hours_rounded_up_to_the_next_full_hour():
    """Grafton: 9.5 hours on a weekday pays 8 x 65 + 2 x 97.50 = 715.00 officer pay."""
    result = _grafton("2027-03-10 07:00", "2027-03-10 16:30")
    assert money(result.billed_officer_hours) == "10.00"
    assert money(result.officer_pay) == "715.00"


def test_grafton_emergency_detail_at_the_night_holiday_rate():
    """Grafton: called in 2 hours before a weekday morning detail: 4 x 97.50 = 390.00 officer
    pay; called in the day before: 260.00."""
    late = _grafton("2027-03-10 08:00", "2027-03-10 12:00", requested="2027-03-10 06:00")
    assert money(late.officer_pay) == "390.00"
    assert any("8 hours or less" in warning for warning in late.warnings)
    early = _grafton("2027-03-10 08:00", "2027-03-10 12:00", requested="2027-03-09 06:00")
    assert money(early.officer_pay) == "260.00"

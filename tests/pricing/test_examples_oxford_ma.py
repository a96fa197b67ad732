"""Oxford MA (docs/examples/oxford-ma.json, from https://oxfordma.us/739/Detail-Request-Form):
$70.00 an hour and one time-and-a-half that applies once, whatever the reason (hours past 8 in
2-hour increments, holidays, 5 PM-7 AM nights, the weekend, a start within 2 hours of the
request): a ``multiplier_once`` card (PLAT-PREMIUM-1) priced with no code of its own."""

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest

from .helpers import at, card, money, request

SLUG = "oxford-ma"


def _oxford(start, end, officers=1, **kwargs):
    return quote(card(SLUG), request(SLUG, (start, end, officers), **kwargs))


def test_oxford_weekday_70_an_hour_4_hour_minimum_8_after_4():
    """PLAT-PREMIUM-1 Oxford: $70.00/h; 3 h pays 4 (280.00), 4 h 280.00, 5 h pays 8 (560.00)."""
    day = _oxford("2027-03-10 08:00", "2027-03-10 12:00")
    (line,) = day.lines
    assert (money(line.officer_pay_rate), line.rate_name) == ("70.00", "Detail rate")
    assert money(day.total) == "280.00"
    assert money(_oxford("2027-03-10 08:00", "2027-03-10 11:00").total) == "280.00"
    assert money(_oxford("2027-03-10 08:00", "2027-03-10 13:00").total) == "560.00"


def test_oxford_time_and_a_half_at_night_on_weekends_and_holidays():
    """PLAT-PREMIUM-1 Oxford: 105.00/h (1.5 x 70) for 5 PM-7 AM Monday-Thursday, Saturday,
    a Sunday and Labor Day; the line names the reason."""
    night = _oxford("2027-03-10 18:00", "2027-03-10 22:00")
    (line,) = night.lines
    assert money(line.officer_pay_rate) == "105.00"
    assert line.rate_name == "Detail rate x 1.5 (night 5 PM-7 AM)"
    assert "(Night 5 PM-7 AM)" in line.description
    assert money(night.total) == "420.00"
    for day in ("2027-03-13", "2027-03-14", "2027-09-06"):
        assert money(_oxford(f"{day} 08:00", f"{day} 12:00").total) == "420.00"


def test_oxford_weekend_runs_from_friday_5_pm_to_monday_7_am():
    """PLAT-PREMIUM-1 Oxford: Friday 15:00-19:00 is 2 h at 70 + 2 h at 105 = 350.00;
    Monday 05:00-09:00 is 2 h at 105 + 2 h at 70 = 350.00; a Friday morning is 280.00."""
    friday = _oxford("2027-03-12 15:00", "2027-03-12 19:00")
    assert [money(line.officer_pay_rate) for line in friday.lines] == ["70.00", "105.00"]
    assert money(friday.total) == "350.00"
    monday = _oxford("2027-03-15 05:00", "2027-03-15 09:00")
    assert [money(line.officer_pay_rate) for line in monday.lines] == ["105.00", "70.00"]
    assert money(monday.total) == "350.00"
    assert money(_oxford("2027-03-12 08:00", "2027-03-12 12:00").total) == "280.00"


def test_oxford_a_start_within_2_hours_of_the_request():
    """PLAT-PREMIUM-1 Oxford: requested at 07:00 for 08:00, time and a half: 420.00; requested
    the day before: 280.00."""
    late = _oxford("2027-03-10 08:00", "2027-03-10 12:00", requested="2027-03-10 07:00")
    assert money(late.total) == "420.00"
    assert late.lines[0].rate_name == "Detail rate x 1.5 (short notice)"
    assert any("within 2 hours" in warning for warning in late.warnings)
    early = _oxford("2027-03-10 08:00", "2027-03-10 12:00", requested="2027-03-09 07:00")
    assert money(early.total) == "280.00"


def test_oxford_hours_past_8_in_2_hour_increments():
    """PLAT-PREMIUM-1 Oxford: 9 h pays 8 x 70 + 2 h x 105 = 770.00 (a 2-hour increment);
    10 h 770.00; 11 h 8 x 70 + 4 x 105 = 980.00."""
    nine = _oxford("2027-03-10 07:00", "2027-03-10 16:00")
    regular, overtime = nine.lines
    assert (money(regular.hours), money(overtime.hours)) == ("8.00", "2.00")
    assert overtime.kind == "overtime"
    assert money(overtime.officer_pay_rate) == "105.00"
    assert "billed in 2 h blocks" in overtime.description
    assert money(nine.total) == "770.00"
    assert money(_oxford("2027-03-10 07:00", "2027-03-10 17:00").total) == "770.00"
    assert money(_oxford("2027-03-10 07:00", "2027-03-10 18:00").total) == "980.00"


def test_oxford_time_and_a_half_never_compounds():
    """PLAT-PREMIUM-1 Oxford: overtime at night, on a holiday or on a Saturday is still 105.00
    (1.5x once, not 157.50). Labor Day 09:00-18:00: 10 h billed x 105 = 1,050.00; Wednesday
    10:00-19:00: 7 h x 70 + 1 h x 105 + 2 h overtime x 105 = 805.00."""
    holiday = _oxford("2027-09-06 09:00", "2027-09-06 18:00")
    assert {money(line.officer_pay_rate) for line in holiday.lines} == {"105.00"}
    assert money(holiday.total) == "1050.00"
    overtime = holiday.lines[-1]
    assert overtime.rate_name == "Detail rate x 1.5 (holiday, night 5 PM-7 AM, overtime)"
    evening = _oxford("2027-03-10 10:00", "2027-03-10 19:00")
    assert [money(line.officer_pay_rate) for line in evening.lines] == ["70.00", "105.00", "105.00"]
    assert money(evening.total) == "805.00"
    saturday_night = _oxford("2027-03-13 12:00", "2027-03-13 22:00")
    assert max(line.officer_pay_rate for line in saturday_night.lines) == 105
    assert money(saturday_night.total) == "1050.00"


def test_oxford_cruiser_15_an_hour():
    """Oxford: a cruiser with a 4-hour detail: 4 h x $15.00 = 60.00 on top of 280.00."""
    result = _oxford("2027-03-10 08:00", "2027-03-10 12:00", add_ons=("cruiser",))
    cruiser = result.lines[-1]
    assert (cruiser.kind, money(cruiser.other)) == ("add_on", "60.00")
    assert money(result.total) == "340.00"


def test_oxford_cancellation_windows():
    """Oxford: an 8-hour weekday detail cancelled 6 h before pays 2 h (140.00); 30 minutes or
    exactly 1 h before, the 4-hour minimum (280.00); 13 h before nothing; after the start the hours
    requested (560.00)."""
    oxford = card(SLUG)
    job = request(SLUG, ("2027-03-10 08:00", "2027-03-10 16:00", 1), requested="2027-03-01 08:00")

    def charge(when):
        return money(cancellation_charge(oxford, CancellationRequest(at(SLUG, when), job)).total)

    assert charge("2027-03-10 02:00") == "140.00"
    assert charge("2027-03-10 07:30") == "280.00"
    assert charge("2027-03-10 07:00") == "280.00"
    assert charge("2027-03-09 19:00") == "0.00"
    assert charge("2027-03-10 09:00") == "560.00"

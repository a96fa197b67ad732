"""Elapsed hours across daylight-saving changes and midnights (PLAT-TIME-1)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from agencies.pricing.engine import quote
from agencies.pricing.types import QuoteRequest, ShiftRequest
from agencies.quotes import read_quote_request

from .helpers import at, card, money, request

CHICAGO = ZoneInfo("America/Chicago")


def test_plat_time_1_spring_forward_night_is_3_hours():
    """PLAT-TIME-1: 00:00-04:00 on 2027-03-14 (America/Chicago) is 3 elapsed hours."""
    result = quote(card("nopd"), request("nopd", ("2027-03-14 00:00", "2027-03-14 04:00", 1)))
    (line,) = result.lines
    assert money(line.hours) == "3.00"
    assert money(result.total) == "135.00"
    assert line.description == "1 officer x 3.00 h, Sun Mar 14, 12:00 AM CST-4:00 AM CDT"
    assert money(result.shifts[0].elapsed_hours) == "3.00"


def test_plat_time_1_fall_back_night_is_5_hours():
    """PLAT-TIME-1: 00:00-04:00 on 2027-11-07 (America/Chicago) is 5 elapsed hours."""
    result = quote(card("nopd"), request("nopd", ("2027-11-07 00:00", "2027-11-07 04:00", 1)))
    assert money(result.lines[0].hours) == "5.00"
    assert money(result.total) == "225.00"


def test_plat_time_1_same_zone_objects_are_not_subtracted_by_wall_clock():
    """PLAT-TIME-1: two times carrying the same ZoneInfo are still measured in real time."""
    shift = ShiftRequest(
        datetime(2027, 11, 7, 0, tzinfo=CHICAGO), datetime(2027, 11, 7, 4, tzinfo=CHICAGO), 1
    )
    result = quote(card("nopd"), QuoteRequest(datetime(2027, 1, 1, tzinfo=CHICAGO), (shift,)))
    assert money(result.billed_officer_hours) == "5.00"


def test_plat_time_1_naive_times_in_the_wire_format_are_agency_local():
    """PLAT-TIME-1: "2027-03-14T00:00:00" means Chicago time: 3 hours that night."""
    nopd = card("nopd")
    data = {
        "requested_at": "2027-03-01T09:00:00",
        "shifts": [
            {"starts_at": "2027-03-14T00:00:00", "ends_at": "2027-03-14T04:00:00", "officers": 1}
        ],
    }
    result = quote(nopd, read_quote_request(nopd, data, now=at("nopd", "2027-01-01 00:00")))
    assert money(result.billed_officer_hours) == "3.00"
    assert result.shifts[0].starts_at.isoformat() == "2027-03-14T00:00:00-06:00"
    assert result.shifts[0].ends_at.isoformat() == "2027-03-14T04:00:00-05:00"


def test_plat_time_1_offsets_and_utc_give_the_same_quote():
    """PLAT-TIME-1: the same instants written with different offsets price the same."""
    nopd = card("nopd")
    now = at("nopd", "2027-01-01 00:00")
    local = {
        "shifts": [
            {
                "starts_at": "2027-03-14T00:00:00-06:00",
                "ends_at": "2027-03-14T04:00:00-05:00",
                "officers": 2,
            }
        ],
        "requested_at": "2027-03-01T09:00:00-06:00",
    }
    utc = {
        "shifts": [
            {"starts_at": "2027-03-14T06:00:00Z", "ends_at": "2027-03-14T09:00:00Z", "officers": 2}
        ],
        "requested_at": "2027-03-01T15:00:00+00:00",
    }
    a = quote(nopd, read_quote_request(nopd, local, now=now))
    b = quote(nopd, read_quote_request(nopd, utc, now=now))
    assert a == b
    assert money(a.total) == "270.00"


def test_plat_time_1_asheville_fall_back_with_minimum():
    """PLAT-TIME-1 with ODM-MIN-1: 01:00-04:00 on 2027-11-07 New York is 4 h: no minimum added."""
    result = quote(
        card("asheville"), request("asheville", ("2027-11-07 01:00", "2027-11-07 04:00", 1))
    )
    assert money(result.billed_officer_hours) == "4.00"
    assert [line.kind for line in result.lines] == ["officer"]


def test_plat_time_1_minutes_round_half_up_to_hundredths():
    """PLAT-TIME-1, PLAT-MONEY-1: 20 minutes is 0.33 h; 50 minutes is 0.83 h."""
    nopd = card("nopd")
    short = quote(nopd, request("nopd", ("2027-03-10 18:00", "2027-03-10 18:20", 1)))
    assert money(short.billed_officer_hours) == "0.33"
    assert money(short.total) == "14.85"  # 0.33 x 37.00 = 12.21 + 0.33 x 8 = 2.64
    longer = quote(nopd, request("nopd", ("2027-03-10 18:00", "2027-03-10 18:50", 1)))
    assert money(longer.billed_officer_hours) == "0.83"
    # 30 seconds is 0.0083 h -> 0.01 h (half-up from the exact seconds)
    tiny = quote(
        nopd,
        QuoteRequest(
            at("nopd", "2027-01-01 00:00"),
            (
                ShiftRequest(
                    at("nopd", "2027-03-10 18:00"),
                    datetime(2027, 3, 10, 18, 0, 30, tzinfo=CHICAGO),
                    1,
                ),
            ),
        ),
    )
    assert money(tiny.billed_officer_hours) == "0.01"


def test_plat_time_1_a_shift_over_two_midnights_splits_per_date():
    """PLAT-TIME-1: local midnights split a shift so each date keeps its own rules."""
    result = quote(card("nopd"), request("nopd", ("2027-12-24 18:00", "2027-12-25 06:00", 1)))
    assert len(result.lines) == 1  # both dates are holidays: one rate, one line
    assert money(result.lines[0].hours) == "12.00"
    result = quote(card("nopd"), request("nopd", ("2027-12-23 20:00", "2027-12-24 02:00", 1)))
    assert [money(line.officer_pay_rate) for line in result.lines] == ["37.00", "46.33"]

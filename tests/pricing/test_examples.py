"""The example cards in docs/examples price their published figures with no code of their own:
Hadley MA and Casa Grande AZ (rule shapes seen at other agencies)."""

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest

from .helpers import at, card, money, request


def _hadley(start, end, officers=1, **kwargs):
    return quote(card("hadley-ma"), request("hadley-ma", (start, end, officers), **kwargs))


def test_hadley_weekday_55_plus_10_percent_fee():
    """Hadley: weekday $55.00/h officer pay + 10 % admin fee; 4 h = 242.00."""
    result = _hadley("2027-03-10 08:00", "2027-03-10 12:00")
    (line,) = result.lines
    assert (money(line.officer_pay_rate), money(line.admin_fee_rate)) == ("55.00", "5.50")
    assert line.rate_name == "Weekday"
    assert money(result.total) == "242.00"


def test_hadley_weekend_and_holiday_82_50():
    """Hadley: weekend and holiday $82.50/h (Saturday; Labor Day, a Monday)."""
    for day in ("2027-03-13", "2027-09-06"):
        result = _hadley(f"{day} 08:00", f"{day} 12:00")
        assert money(result.lines[0].officer_pay_rate) == "82.50"
        assert money(result.total) == "363.00"


def test_hadley_4_hour_minimum_and_over_4_bills_8():
    """Hadley: 3 h bills 4 (242.00); 5 h bills 8 (484.00)."""
    assert money(_hadley("2027-03-10 08:00", "2027-03-10 11:00").total) == "242.00"
    result = _hadley("2027-03-10 08:00", "2027-03-10 13:00")
    assert money(result.total) == "484.00"
    padding = result.lines[-1]
    assert padding.kind == "minimum"
    assert padding.description == "Shifts over 4 h bill 8 h: 3.00 h added"


def test_hadley_hours_past_8_at_one_and_a_half_times():
    """Hadley: 10 h on a weekday: 8 h x 60.50 + 2 h x (82.50 + 8.25) = 665.50."""
    result = _hadley("2027-03-10 06:00", "2027-03-10 16:00")
    regular, overtime = result.lines
    assert (regular.kind, money(regular.hours)) == ("officer", "8.00")
    assert (overtime.kind, money(overtime.hours)) == ("overtime", "2.00")
    assert overtime.rate_name == "Overtime (1.5x)"
    assert (money(overtime.officer_pay_rate), money(overtime.admin_fee_rate)) == ("82.50", "8.25")
    assert money(result.total) == "665.50"


def test_hadley_cruiser_20_per_officer_hour():
    """Hadley: a cruiser costs $20.00 per officer hour: 2 officers x 4 h = 160.00."""
    result = _hadley("2027-03-10 08:00", "2027-03-10 12:00", 2, add_ons=("vehicle",))
    cruiser = result.lines[-1]
    assert (cruiser.kind, money(cruiser.other), money(cruiser.hours)) == (
        "add_on",
        "160.00",
        "8.00",
    )
    assert money(result.other_charges) == "160.00"
    assert money(result.total) == "644.00"


def test_hadley_cancel_within_8_hours_pays_the_4_hour_minimum():
    """Hadley: cancel more than 8 h ahead, or pay the 4 h minimum (4 x 60.50 per officer)."""
    job = request(
        "hadley-ma", ("2027-03-10 08:00", "2027-03-10 16:00", 2), requested="2027-03-01 08:00"
    )
    hadley = card("hadley-ma")
    late = cancellation_charge(
        hadley, CancellationRequest(at("hadley-ma", "2027-03-10 01:00"), job)
    )
    assert money(late.total) == "484.00"
    early = cancellation_charge(
        hadley, CancellationRequest(at("hadley-ma", "2027-03-09 23:00"), job)
    )
    assert money(early.total) == "0.00"


def _casa(start, end, officers=1, **kwargs):
    return quote(
        card("casa-grande-az"), request("casa-grande-az", (start, end, officers), **kwargs)
    )


def test_casa_grande_priority_levels():
    """Casa Grande: priority 5..1 at 66.90 / 78.05 / 89.20 / 100.35 / 111.50, all-in."""
    for tier, price in (
        ("5", "66.90"),
        ("4", "78.05"),
        ("3", "89.20"),
        ("2", "100.35"),
        ("1", "111.50"),
    ):
        result = _casa("2027-03-10 08:00", "2027-03-10 12:00", tier=tier)
        assert money(result.lines[0].officer_pay_rate) == price
        assert money(result.admin_fee) == "0.00"
        assert result.lines[0].rate_name == f"Priority {tier}"


def test_casa_grande_4_hour_minimum_funeral_escort_2():
    """Casa Grande: 4 h minimum (267.60 at priority 5); funeral escorts 2 h (133.80)."""
    assert money(_casa("2027-03-10 08:00", "2027-03-10 09:00").total) == "267.60"
    escort = _casa("2027-03-10 08:00", "2027-03-10 09:00", job_type="funeral_escort")
    assert money(escort.total) == "133.80"


def test_casa_grande_priority_1_under_48_hours():
    """Casa Grande: under 48 h notice, priority 1 applies (4 x 111.50 = 446.00)."""
    result = _casa("2027-03-10 08:00", "2027-03-10 12:00", requested="2027-03-08 09:00")
    assert result.lines[0].rate_name == "Priority 1 (short notice minimum)"
    assert money(result.total) == "446.00"
    assert result.warnings and result.warnings[0].startswith("Priority 1 applies")


def test_casa_grande_priority_3_on_holidays():
    """Casa Grande: priority 3 on listed holidays; a higher priority stays."""
    assert money(_casa("2027-11-25 08:00", "2027-11-25 12:00").total) == "356.80"
    assert money(_casa("2027-11-25 08:00", "2027-11-25 12:00", tier="2").total) == "401.40"

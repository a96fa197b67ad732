"""docs/examples/pembroke-ma.json prices the figures of Pembroke MA's published details page to the
cent with no code of its own (the page and its figures are cited in the card's notes): $50.98 an
hour with a 4-hour minimum and a 10 % administrative charge on the detail, $67.98 an hour past 8
hours, a police cruiser at $10.00 an hour each (PLAT-ADDON-1: the customer says how many), and
the 4-hour minimum for a cancellation with less than 2 hours' notice."""

import pytest

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest, QuoteError

from .helpers import at, card, money, request

SLUG = "pembroke-ma"


def _pembroke(start, end, officers=1, **kwargs):
    return quote(card(SLUG), request(SLUG, (start, end, officers), **kwargs))


@pytest.mark.parametrize(
    ("hours", "pay", "fee", "total"),
    [
        (4, "203.92", "20.39", "224.31"),
        (5, "254.90", "25.49", "280.39"),
        (6, "305.88", "30.59", "336.47"),
        (7, "356.86", "35.69", "392.55"),
        (8, "407.84", "40.78", "448.62"),
    ],
)
def test_pembroke_published_table_hours_at_50_98_plus_10_percent(hours, pay, fee, total):
    """Pembroke's table: hours x $50.98 + 10 % admin, to the cent (the fee is 10 % of the
    detail, not of a rounded hourly fee: 4 h has $20.39, not 4 x $5.10)."""
    result = _pembroke("2027-03-10 08:00", f"2027-03-10 {8 + hours:02d}:00")
    assert (money(result.officer_pay), money(result.admin_fee)) == (pay, fee)
    assert money(result.total) == total


def test_pembroke_4_hour_minimum_then_by_the_hour():
    """A 2-hour detail bills the 4-hour minimum ($224.31); 4.5 hours bill 4.5, not 8."""
    short = _pembroke("2027-03-10 08:00", "2027-03-10 10:00")
    assert money(short.total) == "224.31"
    assert short.lines[-1].kind == "minimum"
    half = _pembroke("2027-03-10 08:00", "2027-03-10 12:30")
    assert money(half.billed_officer_hours) == "4.50"
    assert money(half.officer_pay) == "229.41"  # 4.5 x 50.98


def test_pembroke_hours_past_8_at_67_98_plus_10_percent():
    """Past 8 hours: $67.98 an hour + 10 %: 10 h = 8 x 50.98 + 2 x 67.98 = 543.80 + 54.38."""
    result = _pembroke("2027-03-10 06:00", "2027-03-10 16:00")
    regular, overtime = result.lines
    assert (overtime.kind, money(overtime.hours)) == ("overtime", "2.00")
    assert money(overtime.officer_pay_rate) == "67.98"
    assert (money(result.officer_pay), money(result.admin_fee)) == ("543.80", "54.38")
    assert money(result.total) == "598.18"


def test_pembroke_cruiser_10_per_hour_each_plat_addon_1():
    """PLAT-ADDON-1: a cruiser is $10.00 an hour, each; 2 officers with 2 cruisers for 6 h:
    672.94 for the officers + 2 x 6 x 10.00 = 120.00."""
    one = _pembroke("2027-03-10 08:00", "2027-03-10 14:00", add_ons=("cruiser",))
    line = one.lines[-1]
    assert line.description == "Police cruiser: 1 cruiser x 6.00 h x $10.00"
    assert money(one.other_charges) == "60.00"
    assert money(one.total) == "396.47"  # 336.47 + 60.00
    two = _pembroke(
        "2027-03-10 08:00", "2027-03-10 14:00", 2, add_ons=("cruiser",), quantities={"cruiser": 2}
    )
    line = two.lines[-1]
    assert line.description == "Police cruiser: 2 cruisers x 6.00 h x $10.00"
    assert (line.kind, money(line.hours), money(line.other)) == ("add_on", "12.00", "120.00")
    assert money(two.total) == "792.94"  # 2 x 336.47 + 120.00


def test_pembroke_cruiser_quantity_is_bounded_plat_limit_1():
    """PLAT-LIMIT-1: at most 20 cruisers (the card sets no maximum: the default)."""
    with pytest.raises(QuoteError) as error:
        _pembroke(
            "2027-03-10 08:00", "2027-03-10 14:00", add_ons=("cruiser",), quantities={"cruiser": 21}
        )
    assert error.value.field == "add_ons"
    assert error.value.message == "At most 20 cruisers of Police cruiser on one request."


def test_pembroke_cancel_under_2_hours_pays_the_4_hour_minimum():
    """Cancelled less than 2 hours before the start: the 4-hour minimum, $224.31 per officer."""
    job = request(SLUG, ("2027-03-10 08:00", "2027-03-10 16:00", 2), requested="2027-03-01 08:00")
    pembroke = card(SLUG)
    late = cancellation_charge(pembroke, CancellationRequest(at(SLUG, "2027-03-10 06:30"), job))
    assert money(late.total) == "448.62"  # 2 x 224.31
    early = cancellation_charge(pembroke, CancellationRequest(at(SLUG, "2027-03-10 05:30"), job))
    assert money(early.total) == "0.00"


def test_pembroke_exact_fee_rate_reads_as_it_is_taken():
    """The 10 % fee on $50.98 is $5.098 an hour, shown so (not "$5.10", which would not add up to
    the line's $20.39 over 4 hours)."""
    from agencies.formatting import rate

    line = _pembroke("2027-03-10 08:00", "2027-03-10 12:00").lines[0]
    assert rate(line.admin_fee_rate) == "$5.098"
    assert rate(line.officer_pay_rate) == "$50.98"

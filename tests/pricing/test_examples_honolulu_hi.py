"""Honolulu HI (docs/examples/honolulu-hi.json, from https://honolulupd.org/?p=3954 and the SD-1
request form): regular and premium rates per rank, the premium rate for requests under 48 hours,
+$10 per hour per officer for events with alcohol on top of either rate (an ``additive`` card,
PLAT-PREMIUM-1), $14 admin fee for the first officer and $2 for each additional, $5
insurance per officer. Priced with no code of its own."""

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest

from .helpers import at, card, money, request

SLUG = "honolulu-hi"


def _honolulu(start, end, officers=1, **kwargs):
    return quote(card(SLUG), request(SLUG, (start, end, officers), **kwargs))


def test_honolulu_regular_rates_per_rank():
    """Honolulu: 4 h at the regular rate: officer 50.00, sergeant 54.00, major 70.00 an hour."""
    for rank, rate in (("officer", "50.00"), ("sergeant", "54.00"), ("major", "70.00")):
        result = _honolulu("2027-03-10 08:00", "2027-03-10 12:00", rank=rank)
        assert money(result.lines[0].officer_pay_rate) == rate


def test_honolulu_fees_first_officer_14_each_additional_2_insurance_5():
    """Honolulu: 1 officer x 4 h = 200.00 + 14.00 admin + 5.00 insurance = 219.00; 3 officers:
    600.00 + 18.00 + 15.00 = 633.00."""
    one = _honolulu("2027-03-10 08:00", "2027-03-10 12:00")
    assert (money(one.officer_pay), money(one.admin_fee), money(one.other_charges)) == (
        "200.00",
        "14.00",
        "5.00",
    )
    assert money(one.total) == "219.00"
    three = _honolulu("2027-03-10 08:00", "2027-03-10 12:00", 3)
    assert money(three.admin_fee) == "18.00"
    assert money(three.total) == "633.00"


def test_honolulu_premium_rate_under_48_hours():
    """Honolulu: requested 24 h ahead, the premium column: officer 75.00, lieutenant 90.00."""
    for rank, rate in (("officer", "75.00"), ("lieutenant", "90.00")):
        result = _honolulu(
            "2027-03-10 08:00", "2027-03-10 12:00", rank=rank, requested="2027-03-09 08:00"
        )
        assert money(result.lines[0].officer_pay_rate) == rate
        assert result.lines[0].rate_name == "Premium rate"


def test_honolulu_alcohol_adds_10_an_hour_on_either_rate():
    """PLAT-PREMIUM-1 Honolulu: alcohol adds 10.00 per officer hour to officer pay: 4 h regular
    = 200.00 + 40.00; 4 h premium = 300.00 + 40.00 (85.00 an hour in all)."""
    regular = _honolulu("2027-03-10 08:00", "2027-03-10 12:00", add_ons=("alcohol",))
    assert money(regular.officer_pay) == "240.00"
    premium = _honolulu(
        "2027-03-10 08:00",
        "2027-03-10 12:00",
        add_ons=("alcohol",),
        requested="2027-03-09 08:00",
    )
    assert money(premium.officer_pay) == "340.00"


def test_honolulu_2_hour_fee_when_not_cancelled_24_hours_ahead():
    """Honolulu: 2 officers cancelled 12 h ahead: 2 h x 50.00 x 2 = 200.00; 30 h ahead: 0.00."""
    honolulu = card(SLUG)
    job = request(SLUG, ("2027-03-10 08:00", "2027-03-10 12:00", 2), requested="2027-03-01 08:00")
    late = cancellation_charge(honolulu, CancellationRequest(at(SLUG, "2027-03-09 20:00"), job))
    assert money(late.total) == "200.00"
    early = cancellation_charge(honolulu, CancellationRequest(at(SLUG, "2027-03-09 02:00"), job))
    assert money(early.total) == "0.00"

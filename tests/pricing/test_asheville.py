"""Asheville / Off Duty Management pricing (docs/rules.md, ODM-*), with exact decimal strings."""

from decimal import Decimal

import pytest

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest

from .helpers import at, card, money, request


def _one_hour(day: str, requested: str = "2027-01-02 09:00"):
    return quote(
        card("asheville"),
        request("asheville", (f"{day} 10:00", f"{day} 14:00", 1), requested=requested),
    )


def test_odm_rate_1_regular_holiday_emergency_split_into_pay_and_15_percent_fee():
    """ODM-RATE-1: 51.75 / 77.63 / 63.25 = 45.00 / 67.50 / 55.00 + 15 % fee, half-up."""
    regular = _one_hour("2027-03-10").lines[0]
    holiday = _one_hour("2027-12-25").lines[0]
    emergency = _one_hour("2027-03-10", requested="2027-03-09 12:00").lines[0]
    for line, pay, fee, price in (
        (regular, "45.00", "6.75", "51.75"),
        (holiday, "67.50", "10.13", "77.63"),
        (emergency, "55.00", "8.25", "63.25"),
    ):
        assert money(line.officer_pay_rate) == pay
        assert money(line.admin_fee_rate) == fee
        assert money(line.officer_pay_rate + line.admin_fee_rate) == price
        assert "ODM-RATE-1" in line.rules


def test_odm_min_1_a_3_hour_request_bills_4_hours():
    """ODM-MIN-1: 4 hours minimum per officer per shift: 3 h requested bills 4 h = 207.00."""
    result = quote(
        card("asheville"), request("asheville", ("2027-03-10 18:00", "2027-03-10 21:00", 1))
    )
    worked, minimum = result.lines
    assert (worked.kind, money(worked.hours), money(worked.amount)) == ("officer", "3.00", "155.25")
    assert (minimum.kind, money(minimum.hours), money(minimum.amount)) == (
        "minimum",
        "1.00",
        "51.75",
    )
    assert minimum.description == "Minimum 4 h: 1.00 h added"
    assert "ODM-MIN-1" in minimum.rules
    assert money(result.total) == "207.00"
    assert money(result.billed_officer_hours) == "4.00"
    assert money(result.shifts[0].billed_hours) == "4.00"
    assert money(result.shifts[0].elapsed_hours) == "3.00"


def test_odm_min_1_applies_per_officer_per_shift():
    """ODM-MIN-1: two officers for 2 h each bill 8 officer-hours."""
    result = quote(
        card("asheville"),
        request(
            "asheville",
            ("2027-03-10 18:00", "2027-03-10 20:00", 2),
            ("2027-03-11 18:00", "2027-03-11 19:00", 1),
        ),
    )
    assert money(result.billed_officer_hours) == "12.00"
    assert money(result.total) == "621.00"  # 12 x 51.75


def test_odm_lead_1_under_24_hours_is_the_emergency_rate():
    """ODM-LEAD-1: a request less than 24 h before the start is priced at 63.25."""
    result = quote(
        card("asheville"),
        request(
            "asheville", ("2027-03-10 18:00", "2027-03-10 22:00", 1), requested="2027-03-09 18:01"
        ),
    )
    (line,) = result.lines
    assert line.rate_name == "Emergency"
    assert money(result.total) == "253.00"
    assert "ODM-LEAD-1" in line.rules
    (warning,) = result.warnings
    assert warning.startswith("Emergency rate applies")
    assert "23 hours" in warning


def test_odm_lead_1_exactly_24_hours_is_regular():
    """ODM-LEAD-1: 24 hours ahead is on time."""
    result = quote(
        card("asheville"),
        request(
            "asheville", ("2027-03-10 18:00", "2027-03-10 22:00", 1), requested="2027-03-09 18:00"
        ),
    )
    assert money(result.total) == "207.00"
    assert result.warnings == ()


@pytest.mark.parametrize(
    "day",
    [
        "2027-12-31",
        "2027-01-01",
        "2027-03-28",
        "2027-05-31",
        "2027-07-04",
        "2027-09-06",
        "2027-11-11",
        "2027-11-25",
        "2027-11-26",
        "2027-12-24",
        "2027-12-25",
    ],
)
def test_odm_hol_1_holiday_days_are_priced_at_77_63(day):
    """ODM-HOL-1: New Year's Eve and Day, Easter, Memorial Day, Independence Day, Labor Day,
    Veterans Day, Thanksgiving and the day after, Christmas Eve and Day: 77.63 per hour."""
    result = quote(
        card("asheville"),
        request("asheville", (f"{day} 10:00", f"{day} 14:00", 1), requested="2026-12-01 09:00"),
    )
    assert money(result.total) == "310.52"  # 4 x 77.63
    assert result.lines[0].rate_name == "Holiday"
    assert "ODM-HOL-1" in result.lines[0].rules


def test_odm_hol_1_actual_dates_not_observed_days():
    """ODM-HOL-1: July 4 2027 is a Sunday; Monday July 5 (observed) is a regular day."""
    result = quote(
        card("asheville"), request("asheville", ("2027-07-05 10:00", "2027-07-05 14:00", 1))
    )
    assert money(result.total) == "207.00"


def test_odm_hol_1_veterans_day_is_an_asheville_holiday():
    """ODM-HOL-1: Veterans Day is a holiday in Asheville (not in New Orleans)."""
    result = quote(
        card("asheville"), request("asheville", ("2027-11-11 10:00", "2027-11-11 14:00", 1))
    )
    assert money(result.lines[0].officer_pay_rate + result.lines[0].admin_fee_rate) == "77.63"


def test_odm_hol_2_only_hours_on_the_holiday_date():
    """ODM-HOL-2: 22:00 Nov 10 -> 02:00 Nov 11: 2 h regular, 2 h holiday."""
    result = quote(
        card("asheville"), request("asheville", ("2027-11-10 22:00", "2027-11-11 02:00", 1))
    )
    regular, holiday = result.lines
    assert (regular.rate_name, money(regular.amount)) == ("Regular", "103.50")
    assert (holiday.rate_name, money(holiday.amount)) == ("Holiday", "155.26")
    assert "(Veterans Day)" in holiday.description
    assert money(result.total) == "258.76"


def test_odm_hol_2_whole_shift_is_configurable():
    """ODM-HOL-2: configurable to whole shift: all 4 hours at the holiday rate."""
    from dataclasses import replace

    from agencies.pricing import card as c

    ash = card("asheville")
    whole = replace(ash, calendar=(replace(ash.calendar[0], mode=c.MODE_WHOLE_SHIFT),))
    result = quote(whole, request("asheville", ("2027-11-10 22:00", "2027-11-11 02:00", 1)))
    assert money(result.total) == "310.52"


def test_odm_rate_2_holiday_and_emergency_the_highest_applies():
    """ODM-RATE-2: on a holiday with under 24 h notice, the holiday rate (77.63) applies."""
    result = quote(
        card("asheville"),
        request(
            "asheville", ("2027-12-25 10:00", "2027-12-25 14:00", 1), requested="2027-12-25 08:00"
        ),
    )
    (line,) = result.lines
    assert line.rate_name == "Holiday"
    assert money(line.officer_pay_rate + line.admin_fee_rate) == "77.63"
    assert "ODM-RATE-2" in line.rules
    assert money(result.total) == "310.52"
    assert not any("Emergency" in w for w in result.warnings)


def test_odm_rate_2_emergency_beats_regular_hours_beside_a_holiday():
    """ODM-RATE-2: per hour: the regular hours of a short-notice shift take the emergency rate,
    its holiday hours the holiday rate."""
    result = quote(
        card("asheville"),
        request(
            "asheville", ("2027-11-10 22:00", "2027-11-11 02:00", 1), requested="2027-11-10 12:00"
        ),
    )
    assert [line.rate_name for line in result.lines] == ["Emergency", "Holiday"]
    assert money(result.total) == "281.76"  # 2 x 63.25 + 2 x 77.63


def _job():
    return request(
        "asheville", ("2027-06-10 08:00", "2027-06-10 16:00", 2), requested="2027-06-01 09:00"
    )


def test_odm_cancel_0_before_approval_costs_nothing():
    """ODM-CANCEL-0: cancelling before approval and scheduling is free."""
    charge = cancellation_charge(
        card("asheville"),
        CancellationRequest(at("asheville", "2027-06-09 12:00"), _job(), approved=False),
    )
    assert money(charge.total) == "0.00"
    assert charge.rules == ("ODM-CANCEL-0",)


def test_odm_cancel_1_after_approval_admin_fees_for_the_first_24_hours():
    """ODM-CANCEL-1: approved, cancelled more than 48 h out: 2 x 8 h x 6.75 = 108.00."""
    charge = cancellation_charge(
        card("asheville"), CancellationRequest(at("asheville", "2027-06-05 08:00"), _job())
    )
    assert money(charge.total) == "108.00"
    assert money(charge.admin_fee) == "108.00"
    assert charge.rules == ("ODM-CANCEL-1",)


def test_odm_cancel_2_within_48_hours_greater_of_worked_or_minimum_plus_fees():
    """ODM-CANCEL-2: within 48 h: 2 x 4 h x 45.00 + 108.00 = 468.00."""
    charge = cancellation_charge(
        card("asheville"), CancellationRequest(at("asheville", "2027-06-09 08:00"), _job())
    )
    assert money(charge.total) == "468.00"
    assert money(charge.officer_pay) == "360.00"
    assert money(charge.admin_fee) == "108.00"
    assert charge.rules == ("ODM-CANCEL-2",)


def test_odm_cancel_2_hours_worked_above_the_minimum_are_charged():
    """ODM-CANCEL-2: the greater of hours worked (10 officer-hours) or the minimum (8)."""
    charge = cancellation_charge(
        card("asheville"),
        CancellationRequest(
            at("asheville", "2027-06-10 13:00"), _job(), hours_worked={0: Decimal("10")}
        ),
    )
    assert money(charge.officer_pay) == "450.00"
    assert money(charge.total) == "558.00"


def test_odm_cancel_1_a_reduction_charges_fees_on_what_was_removed():
    """ODM-CANCEL-1: reducing 2 officers to 1 charges the fees of the removed officer only."""
    remaining = request(
        "asheville", ("2027-06-10 08:00", "2027-06-10 16:00", 1), requested="2027-06-01 09:00"
    )
    charge = cancellation_charge(
        card("asheville"),
        CancellationRequest(at("asheville", "2027-06-05 08:00"), _job(), remaining=remaining),
    )
    assert money(charge.total) == "54.00"


def test_odm_cancel_1_only_the_first_24_hours_of_the_assignment():
    """ODM-CANCEL-1: a two-day assignment: fees on the first 24 hours of it only."""
    job = request(
        "asheville",
        ("2027-06-10 08:00", "2027-06-10 16:00", 1),
        ("2027-06-11 06:00", "2027-06-11 14:00", 1),
        requested="2027-06-01 09:00",
    )
    charge = cancellation_charge(
        card("asheville"), CancellationRequest(at("asheville", "2027-06-05 08:00"), job)
    )
    assert money(charge.total) == "67.50"  # (8 h + 2 h) x 6.75


def test_odm_prohib_1_and_contact_1_card_values():
    """ODM-PROHIB-1 prohibited categories with reasons; ODM-CONTACT-1 toll-free number."""
    from agencies.pricing.shipped import shipped_profile

    ash = card("asheville")
    prohibited = [w for w in ash.work_categories if w.prohibited]
    assert len(prohibited) == 6
    assert all(w.reason for w in prohibited)
    assert any(w.needs_review for w in ash.work_categories)
    assert shipped_profile("asheville")["toll_free_phone"] == "1-877-636-8300"


def _with_rules(update):
    from dataclasses import replace as swap

    asheville = card("asheville")
    rules = update(asheville.cancellation.rules)
    return swap(asheville, cancellation=swap(asheville.cancellation, rules=rules))


def test_a_cancellation_window_that_includes_its_boundary():
    """A window "48 hours or less" (inclusive) takes a cancellation made exactly 48 h before the
    start; "less than 48 hours" does not."""
    from dataclasses import replace as swap

    exactly_48 = CancellationRequest(at("asheville", "2027-06-08 08:00"), _job())
    assert cancellation_charge(card("asheville"), exactly_48).rules == ("ODM-CANCEL-1",)
    inclusive = _with_rules(
        lambda rules: tuple(
            swap(r, inclusive=True) if r.within_hours is not None else r for r in rules
        )
    )
    assert cancellation_charge(inclusive, exactly_48).rules == ("ODM-CANCEL-2",)


def test_a_window_for_cancelling_after_the_start():
    """An after-start window applies only once the shift has started, and then wins."""
    from agencies.pricing import card as c

    after = c.CancellationRule(
        "after_start",
        "After the start",
        c.CANCEL_AFTER_APPROVAL,
        charges=(c.ChargeComponent(c.CHARGE_ALL_FEES),),
        after_start=True,
    )
    with_after = _with_rules(lambda rules: (*rules, after))
    started = CancellationRequest(at("asheville", "2027-06-10 09:00"), _job())
    charge = cancellation_charge(with_after, started)
    assert charge.policy.startswith("After the start")
    before = CancellationRequest(at("asheville", "2027-06-10 07:00"), _job())
    assert cancellation_charge(with_after, before).rules == ("ODM-CANCEL-2",)

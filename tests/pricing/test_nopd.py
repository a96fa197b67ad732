"""New Orleans OPSE pricing (docs/rules.md, NOPD-*), with exact decimal strings."""

from decimal import Decimal

import pytest

from agencies.pricing.cancellation import cancellation_charge
from agencies.pricing.engine import quote
from agencies.pricing.types import CancellationRequest, QuoteError
from agencies.pricing.wire import quote_to_data
from agencies.quotes import read_quote_request

from .helpers import at, card, money, request

NOPD_TABLE = {
    # tier: officer, sergeant, lieutenant, captain (officer pay per hour, NOPD-RATE-1)
    "2+": ("37.00", "41.00", "43.00", "47.00"),
    "3": ("46.33", "49.10", "52.00", "56.00"),
    "4": ("68.00", "68.00", "68.00", "68.00"),
    "5": ("95.00", "95.00", "95.00", "95.00"),
}
RANKS = ("officer", "sergeant", "lieutenant", "captain")
CELLS = [
    (tier, rank, pay)
    for tier, pays in NOPD_TABLE.items()
    for rank, pay in zip(RANKS, pays, strict=False)
]


@pytest.mark.parametrize(("tier", "rank", "pay"), CELLS)
def test_nopd_rate_1_every_table_cell_for_one_officer_one_hour(tier, rank, pay):
    """NOPD-RATE-1: officer pay by rank x tier + $8.00 admin fee per billed officer hour."""
    result = quote(
        card("nopd"),
        request("nopd", ("2027-03-10 18:00", "2027-03-10 19:00", 1), rank=rank, tier=tier),
    )
    (line,) = result.lines
    assert money(line.officer_pay_rate) == pay
    assert money(line.admin_fee_rate) == "8.00"
    assert money(result.total) == money(Decimal(pay) + 8)
    assert money(result.admin_fee) == "8.00"
    assert "NOPD-RATE-1" in line.rules


def test_nopd_rate_1_api_example_434_64():
    """NOPD-RATE-1, PLAT-QUOTE-1: the docs/api.md example, field for field."""
    data = {
        "agency": "nopd",
        "requested_at": "2027-02-01T09:00:00-06:00",
        "shifts": [
            {
                "starts_at": "2027-03-10T18:00:00-06:00",
                "ends_at": "2027-03-10T22:00:00-06:00",
                "officers": 2,
            }
        ],
        "rank": "officer",
        "tier": "3",
        "job_type": "hourly",
    }
    nopd = card("nopd")
    out = quote_to_data(
        quote(nopd, read_quote_request(nopd, data, now=at("nopd", "2027-01-01 00:00")))
    )
    assert out["currency"] == "USD"
    assert out["total"] == "434.64"
    assert out["officer_pay"] == "370.64"
    assert out["admin_fee"] == "64.00"
    assert out["billed_officer_hours"] == "8.00"
    assert out["supervisors_required"] == 0
    (line,) = out["lines"]
    assert line["hours"] == "8.00"
    assert line["officers"] == 2
    assert line["officer_pay_rate"] == "46.33"
    assert line["admin_fee_rate"] == "8.00"
    assert line["amount"] == "434.64"
    assert line["rate_name"] == "Tier 3"
    assert line["description"] == "2 officers x 4.00 h, Wed Mar 10, 6:00-10:00 PM CST"
    assert "NOPD-RATE-1" in line["rules"]
    assert out["warnings"] == []
    assert out["responsible"] == "The most senior officer on the job is responsible."


def test_nopd_tier_1_customer_chooses_the_tier_and_default_is_2_plus():
    """NOPD-TIER-1: any tier may be offered; without one the card's default (2+) applies."""
    nopd = card("nopd")
    assert [t.code for t in nopd.tiers] == ["2+", "3", "4", "5"]
    assert all(t.description for t in nopd.tiers)
    base = quote(nopd, request("nopd", ("2027-03-10 18:00", "2027-03-10 19:00", 1)))
    assert money(base.total) == "45.00"
    assert base.lines[0].tier == "2+"
    assert "NOPD-TIER-1" in base.rules
    five = quote(nopd, request("nopd", ("2027-03-10 18:00", "2027-03-10 19:00", 1), tier="5"))
    assert money(five.total) == "103.00"
    assert money(five.shifts[0].officer_pay_rate) == "95.00"  # what the job board shows


def test_nopd_hol_1_mardi_gras_2027_raises_tier_2_plus_to_tier_3():
    """NOPD-HOL-1: Mardi Gras 2027 (Feb 9) is at least Tier 3; the uplift is officer pay, the fee
    stays $8.00."""
    result = quote(
        card("nopd"), request("nopd", ("2027-02-09 10:00", "2027-02-09 11:00", 1), tier="2+")
    )
    (line,) = result.lines
    assert money(line.officer_pay_rate) == "46.33"
    assert money(line.admin_fee_rate) == "8.00"
    assert money(result.total) == "54.33"
    assert line.rate_name == "Tier 3 (holiday minimum)"
    assert "(Mardi Gras)" in line.description
    assert {"NOPD-HOL-1", "NOPD-HOL-2"} <= set(line.rules)


def test_nopd_hol_1_a_higher_chosen_tier_stays():
    """NOPD-HOL-1: the minimum is Tier 3; Tier 4 chosen on Mardi Gras stays Tier 4 (76.00)."""
    result = quote(
        card("nopd"), request("nopd", ("2027-02-09 10:00", "2027-02-09 11:00", 1), tier="4")
    )
    assert money(result.total) == "76.00"
    assert result.lines[0].rate_name == "Tier 4"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2027-01-01", "New Year's Day"),
        ("2027-01-18", "Martin Luther King Jr. Day"),
        ("2027-02-08", "Lundi Gras"),
        ("2027-02-09", "Mardi Gras"),
        ("2027-03-26", "Good Friday"),
        ("2027-05-31", "Memorial Day"),
        ("2027-06-19", "Juneteenth"),
        ("2027-07-04", "Independence Day"),
        ("2027-09-06", "Labor Day"),
        ("2027-11-25", "Thanksgiving Day"),
        ("2027-11-26", "Day after Thanksgiving"),
        ("2027-12-24", "Christmas Eve"),
        ("2027-12-25", "Christmas Day"),
        ("2027-12-31", "New Year's Eve"),
    ],
)
def test_nopd_hol_1_each_designated_holiday_is_tier_3_minimum(day, name):
    """NOPD-HOL-1: the 14 designated holidays (actual dates) take the Tier 3 minimum."""
    result = quote(
        card("nopd"),
        request("nopd", (f"{day} 10:00", f"{day} 11:00", 1), requested="2026-12-01 09:00"),
    )
    assert money(result.total) == "54.33"
    assert name in result.lines[0].description


def test_nopd_hol_1_veterans_day_is_not_a_nopd_holiday():
    """NOPD-HOL-1: Veterans Day (2027-11-11) is not on the list: Tier 2+ stays 45.00."""
    result = quote(card("nopd"), request("nopd", ("2027-11-11 10:00", "2027-11-11 11:00", 1)))
    assert money(result.total) == "45.00"
    assert result.lines[0].rate_name == "Tier 2+"


def test_nopd_hol_1_high_demand_period_is_an_example_date_range():
    """NOPD-HOL-1: high-demand periods are agency date ranges (Jazz Fest, marked example)."""
    result = quote(card("nopd"), request("nopd", ("2027-04-24 12:00", "2027-04-24 14:00", 1)))
    (line,) = result.lines
    assert money(result.total) == "108.66"
    assert line.rate_name == "Tier 3 (high demand minimum)"
    assert "example" in line.description


def test_nopd_hol_2_christmas_eve_into_christmas_day_is_all_holiday():
    """NOPD-HOL-2: 22:00 Dec 24 -> 02:00 Dec 25: every hour on a holiday date, one line."""
    result = quote(card("nopd"), request("nopd", ("2027-12-24 22:00", "2027-12-25 02:00", 1)))
    (line,) = result.lines
    assert money(line.hours) == "4.00"
    assert money(line.officer_pay_rate) == "46.33"
    assert money(result.total) == "217.32"
    assert "Christmas Eve, Christmas Day" in line.description


def test_nopd_hol_2_only_hours_on_the_holiday_take_the_minimum():
    """NOPD-HOL-2: 22:00 Dec 25 -> 02:00 Dec 26: 2 h at Tier 3 (holiday), then 2 h at Tier 2+."""
    result = quote(card("nopd"), request("nopd", ("2027-12-25 22:00", "2027-12-26 02:00", 1)))
    first, second = result.lines
    assert (money(first.hours), money(first.officer_pay_rate)) == ("2.00", "46.33")
    assert (money(second.hours), money(second.officer_pay_rate)) == ("2.00", "37.00")
    assert (
        first.description == "1 officer x 2.00 h, Sat Dec 25, 10:00 PM-midnight CST (Christmas Day)"
    )
    assert second.description == "1 officer x 2.00 h, Sun Dec 26, 12:00-2:00 AM CST"
    assert money(result.total) == "198.66"
    assert money(result.billed_officer_hours) == "4.00"


def test_nopd_hol_2_whole_shift_mode_is_configurable():
    """NOPD-HOL-2: with mode whole_shift the whole shift takes the minimum."""
    from dataclasses import replace

    from agencies.pricing import card as c

    nopd = card("nopd")
    whole = replace(
        nopd, calendar=tuple(replace(r, mode=c.MODE_WHOLE_SHIFT) for r in nopd.calendar)
    )
    result = quote(whole, request("nopd", ("2027-12-25 22:00", "2027-12-26 02:00", 1)))
    assert money(result.total) == "217.32"


def test_nopd_task_1_task_jobs_are_example_rates_needing_a_specialty():
    """NOPD-TASK-1: task-based types need a specialty and ship example rates, marked so."""
    nopd = card("nopd")
    types = {j.code: j for j in nopd.job_types}
    assert types["motorcycle_escort"].specialty == "motorcycle"
    assert types["canine_sweep"].specialty == "canine"
    assert types["mounted_detail"].specialty == "mounted"
    for code in ("race", "mini_parade", "walking_parade", "second_line"):
        assert types[code].example and not types[code].uses_tiers
    assert all(r.example for r in nopd.rates if r.job_type != "hourly")
    result = quote(
        nopd,
        request("nopd", ("2027-03-10 09:00", "2027-03-10 11:00", 1), job_type="motorcycle_escort"),
    )
    assert money(result.total) == "136.00"  # 2 h x (60.00 example + 8.00)
    assert "NOPD-TASK-1" in result.lines[0].rules
    assert any("example values" in w for w in result.warnings)


def test_nopd_task_1_a_tier_is_refused_for_a_task_job():
    """NOPD-TASK-1: task jobs are not priced by tier."""
    with pytest.raises(QuoteError) as error:
        quote(
            card("nopd"),
            request(
                "nopd",
                ("2027-03-10 09:00", "2027-03-10 11:00", 1),
                job_type="canine_sweep",
                tier="3",
            ),
        )
    assert error.value.field == "tier"


def test_nopd_lead_1_short_notice_warns_and_needs_approval_at_the_same_price():
    """NOPD-LEAD-1: under 7 days' notice: warned, a coordinator approves, no rate change."""
    result = quote(
        card("nopd"),
        request(
            "nopd",
            ("2027-03-10 18:00", "2027-03-10 22:00", 2),
            tier="3",
            requested="2027-03-07 18:00",
        ),
    )
    assert money(result.total) == "434.64"
    assert result.requires_approval
    (warning,) = result.warnings
    assert warning.startswith("Short notice")
    assert "3 days" in warning
    assert "NOPD-LEAD-1" in result.rules


def test_nopd_lead_1_seven_days_is_enough_notice():
    """NOPD-LEAD-1: exactly 7 days ahead is not short notice."""
    result = quote(
        card("nopd"),
        request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 2), requested="2027-03-03 18:00"),
    )
    assert not result.requires_approval
    assert result.warnings == ()


def test_nopd_lead_1_a_start_already_past_is_refused():
    """NOPD-LEAD-1: a request for a start already past is refused."""
    with pytest.raises(QuoteError) as error:
        quote(
            card("nopd"),
            request(
                "nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 2), requested="2027-03-10 18:00"
            ),
        )
    assert error.value.field == "shifts[0].starts_at"


def test_nopd_sup_1_four_officers_the_most_senior_is_responsible():
    """NOPD-SUP-1: 1-4 simultaneous officers need no ranking officer."""
    result = quote(card("nopd"), request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 4)))
    assert result.supervisors_required == 0
    assert result.responsible == "The most senior officer on the job is responsible."
    assert "NOPD-SUP-1" in result.rules


def test_nopd_sup_1_five_officers_add_a_sergeant_from_the_example_table():
    """NOPD-SUP-1: more than 4 simultaneous officers: supervisors per the (example) table."""
    result = quote(card("nopd"), request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 5)))
    officers, sergeant = result.lines
    assert (officers.kind, officers.officers, money(officers.amount)) == ("officer", 5, "900.00")
    assert (sergeant.kind, sergeant.officers, sergeant.rank) == ("supervisor", 1, "sergeant")
    assert money(sergeant.officer_pay_rate) == "41.00"
    assert money(sergeant.amount) == "196.00"
    assert money(result.total) == "1096.00"
    assert result.supervisors_required == 1
    assert result.shifts[0].supervisor_rank == "sergeant"
    assert result.warnings == (
        "5 officers at once need 1 sergeant on site (supervisory table, example values).",
    )
    assert result.responsible == "The sergeant on site is responsible."
    assert "NOPD-SUP-1" in sergeant.rules


def test_nopd_sup_1_twenty_officers_need_a_lieutenant_and_three_sergeants():
    """NOPD-SUP-1: rows may repeat a range for several ranks."""
    result = quote(card("nopd"), request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 20)))
    assert result.supervisors_required == 4
    supervisors = {line.rank: line.officers for line in result.lines if line.kind == "supervisor"}
    assert supervisors == {"sergeant": 3, "lieutenant": 1}
    assert result.responsible == "The lieutenant on site is responsible."
    # 20 x 4 x 45 + 3 x 4 x 49 + 1 x 4 x 51
    assert money(result.total) == "4392.00"


def test_nopd_sup_1_overlapping_shifts_count_together():
    """NOPD-SUP-1: simultaneous officers across overlapping shifts of one request; the crowd's
    supervisor is counted once (on its longest shift), not once per overlapping shift."""
    result = quote(
        card("nopd"),
        request(
            "nopd",
            ("2027-03-10 18:00", "2027-03-10 22:00", 3),
            ("2027-03-10 20:00", "2027-03-10 23:00", 2),
            ("2027-03-11 18:00", "2027-03-11 22:00", 3),
        ),
    )
    assert [s.supervisors for s in result.shifts] == [1, 0, 0]
    assert result.supervisors_required == 1
    supervisor_lines = [line for line in result.lines if line.kind == "supervisor"]
    assert [(line.shift, line.officers) for line in supervisor_lines] == [(0, 1)]
    assert result.responsible.endswith(
        "otherwise the most senior officer on the job is responsible."
    )


def test_nopd_sup_1_supervisors_counting_toward_the_officers_asked_for():
    """NOPD-SUP-1: a row that counts toward the requested officers prices one of them as the
    supervisor's rank instead of adding a position."""
    from dataclasses import replace

    nopd = card("nopd")
    rows = tuple(replace(r, counts_toward_requested=True) for r in nopd.supervision.rows)
    counted = replace(nopd, supervision=replace(nopd.supervision, rows=rows))
    result = quote(counted, request("nopd", ("2027-03-10 18:00", "2027-03-10 22:00", 5)))
    assert [(line.kind, line.officers) for line in result.lines] == [
        ("officer", 4),
        ("supervisor", 1),
    ]
    assert money(result.total) == "916.00"  # 4 x 4 x 45 + 4 x 49


def test_nopd_cap_1_hour_caps_ship_as_card_values():
    """NOPD-CAP-1: 16 hours in any 24 hours and 32 hours a week, configurable."""
    caps = card("nopd").hour_caps
    assert caps.rolling_24h == Decimal("16")
    assert caps.per_week == Decimal("32")
    assert "NOPD-CAP-1" in caps.rules


def test_nopd_pay_1_and_coord_1_card_and_profile_values():
    """NOPD-PAY-1 prepay 48 h; NOPD-COORD-1 contact numbers in the shipped profile."""
    from agencies.pricing.shipped import shipped_profile

    nopd = card("nopd")
    assert (nopd.payment.kind, nopd.payment.hours_before_start) == ("prepay", 48)
    profile = shipped_profile("nopd")
    assert profile["office_phone"] == "504 658-8757"
    assert profile["after_hours_phone"] == "504 906-9992"
    assert profile["email"] == "opse@nola.gov"


def _second_line(officers=3):
    return request(
        "nopd",
        ("2027-06-10 08:00", "2027-06-10 12:00", officers),
        requested="2027-06-01 09:00",
        job_type="second_line",
    )


def test_nopd_cancel_1_agency_cancellation_costs_nothing():
    """NOPD-CANCEL-1: cancelled by the agency for police necessity: no penalty."""
    charge = cancellation_charge(
        card("nopd"),
        CancellationRequest(at("nopd", "2027-06-10 07:30"), _second_line(), by_agency=True),
    )
    assert money(charge.total) == "0.00"
    assert "NOPD-CANCEL-1" in charge.policy
    assert charge.rules == ("NOPD-CANCEL-1",)


def test_nopd_cancel_2_second_line_cancelled_within_2_hours_forfeits_all_fees():
    """NOPD-CANCEL-2: parades, second lines and races cancelled under 2 h out: all fees."""
    charge = cancellation_charge(
        card("nopd"), CancellationRequest(at("nopd", "2027-06-10 06:30"), _second_line())
    )
    assert money(charge.total) == "696.00"  # 3 x 4 h x (50.00 example + 8.00)
    assert money(charge.admin_fee) == "96.00"
    assert "NOPD-CANCEL-2" in charge.rules


def test_nopd_cancel_2_two_hours_ahead_or_hourly_jobs_cost_nothing():
    """NOPD-CANCEL-2: earlier than 2 h costs nothing; hourly jobs have no published terms."""
    nopd = card("nopd")
    early = cancellation_charge(
        nopd, CancellationRequest(at("nopd", "2027-06-10 05:59"), _second_line())
    )
    assert money(early.total) == "0.00"
    hourly = request(
        "nopd", ("2027-06-10 08:00", "2027-06-10 12:00", 3), requested="2027-06-01 09:00"
    )
    late = cancellation_charge(nopd, CancellationRequest(at("nopd", "2027-06-10 07:30"), hourly))
    assert money(late.total) == "0.00"


def test_nopd_cancel_2_reducing_officers_forfeits_the_fees_of_those_removed():
    """NOPD-CANCEL-2: a reduction charges what was removed (1 of 3 officers)."""
    charge = cancellation_charge(
        card("nopd"),
        CancellationRequest(
            at("nopd", "2027-06-10 07:00"), _second_line(3), remaining=_second_line(2)
        ),
    )
    assert money(charge.total) == "232.00"

"""Properties of every quote (hypothesis): PLAT-MONEY-1 totals are exact sums of lines; billed
hours never fall below the minimum (ODM-MIN-1); more hours or more officers never cost less;
a card written out and read back (export then load) gives identical quotes; q units of an add-on
cost q times one (PLAT-ADDON-1); a supervision ratio asks ceil(n / N) (PLAT-SUP-2)."""

import json
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.pricing import card as c
from agencies.pricing.card import RateCard
from agencies.pricing.codec import from_data, to_data
from agencies.pricing.document import read_document, write_document
from agencies.pricing.engine import quote
from agencies.pricing.types import AddOnQuantity, QuoteRequest, ShiftRequest

from .helpers import ALL_CARDS, at, card

SLUGS = ALL_CARDS
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw, slug=None):
    slug = slug or draw(st.sampled_from(SLUGS))
    rate_card = card(slug)
    requested = at(slug, "2026-12-01 00:00") + timedelta(
        minutes=draw(st.integers(0, 60 * 24 * 400))
    )
    shifts = []
    for _ in range(draw(st.integers(1, 3))):
        start = requested + timedelta(minutes=draw(st.integers(1, 60 * 24 * 30)))
        length = timedelta(minutes=draw(st.integers(1, 60 * 15)))
        shifts.append(ShiftRequest(start, start + length, draw(st.integers(1, 25))))
    job_type = draw(st.sampled_from(list(rate_card.job_types)))
    tier = None
    if rate_card.tiers and job_type.uses_tiers:
        tier = draw(st.sampled_from([t.code for t in rate_card.tiers]))
    rank = draw(st.sampled_from([r.code for r in rate_card.ranks]))
    add_ons = tuple(a.code for a in rate_card.add_ons if not a.automatic and draw(st.booleans()))
    return slug, QuoteRequest(
        requested, tuple(shifts), rank=rank, tier=tier, job_type=job_type.code, add_ons=add_ons
    )


@SETTINGS
@given(requests())
def test_plat_money_1_total_is_the_exact_sum_of_lines(case):
    """PLAT-MONEY-1, PLAT-QUOTE-1: totals are exact sums of the lines; 2 places everywhere."""
    slug, req = case
    result = quote(card(slug), req)
    assert result.total == sum((line.amount for line in result.lines), Decimal("0"))
    assert result.officer_pay + result.admin_fee + result.other_charges == result.total
    assert result.officer_pay == sum((line.officer_pay for line in result.lines), Decimal("0"))
    for line in result.lines:
        assert line.amount == line.officer_pay + line.admin_fee + line.other
        for value in (line.amount, line.hours, line.officer_pay_rate):
            assert value.as_tuple().exponent == -2
        if card(slug).fee.rounding == "none":  # an exact percent fee ("10 % of the detail")
            assert line.admin_fee_rate == line.officer_pay_rate * card(slug).fee.percent / 100
        else:
            assert line.admin_fee_rate.as_tuple().exponent == -2
        if slug in ("nopd", "asheville") and line.kind != "add_on":
            assert line.rules
        assert line.description
    hours = sum(
        (
            line.hours
            for line in result.lines
            if line.kind in ("officer", "supervisor", "minimum", "overtime")
        ),
        Decimal("0"),
    )
    assert hours == result.billed_officer_hours


@SETTINGS
@given(requests())
def test_odm_min_1_billed_hours_never_below_the_minimum(case):
    """ODM-MIN-1: per officer per shift, billed hours are at least the minimum and at least the
    elapsed hours."""
    slug, req = case
    rate_card = card(slug)
    job_type = next(j for j in rate_card.job_types if j.code == req.job_type)
    minimum = (
        job_type.minimum_hours if job_type.minimum_hours is not None else rate_card.minimum_hours
    )
    result = quote(rate_card, req)
    for summary in result.shifts:
        assert summary.billed_hours >= minimum
        assert summary.billed_hours >= summary.elapsed_hours
    persons = sum(s.officers + s.supervisors for s in result.shifts)
    assert result.billed_officer_hours >= minimum * persons


@SETTINGS
@given(requests(), st.integers(1, 240), st.integers(0, 2))
def test_more_hours_never_cost_less(case, minutes, which):
    """More hours on a shift never cost less (PLAT-QUOTE-1, ODM-MIN-1, NOPD-HOL-2)."""
    slug, req = case
    rate_card = card(slug)
    shifts = list(req.shifts)
    i = which % len(shifts)
    longer = shifts[i].ends_at + timedelta(minutes=minutes)
    if longer - shifts[i].starts_at > timedelta(hours=float(rate_card.max_shift_hours)):
        return
    shifts[i] = replace(shifts[i], ends_at=longer)
    assert quote(rate_card, replace(req, shifts=tuple(shifts))).total >= quote(rate_card, req).total


@SETTINGS
@given(requests(), st.integers(1, 10), st.integers(0, 2))
def test_more_officers_never_cost_less(case, more, which):
    """More officers never cost less (NOPD-SUP-1 supervisors included)."""
    slug, req = case
    rate_card = card(slug)
    shifts = list(req.shifts)
    i = which % len(shifts)
    shifts[i] = replace(shifts[i], officers=shifts[i].officers + more)
    assert quote(rate_card, replace(req, shifts=tuple(shifts))).total >= quote(rate_card, req).total


@SETTINGS
@given(requests())
def test_export_then_load_gives_identical_quotes(case):
    """A card through its JSON form (codec and the rate-card document) quotes identically."""
    slug, req = case
    rate_card = card(slug)
    through_codec = from_data(RateCard, json.loads(json.dumps(to_data(rate_card))))
    _, through_document = read_document(
        json.loads(json.dumps(write_document({"name": slug}, rate_card)))
    )
    expected = quote(rate_card, req)
    assert quote(through_codec, req) == expected
    assert quote(through_document, req) == expected


@st.composite
def overlapping_crowds(draw):
    """NOPD requests whose shifts mostly overlap, with crowds large enough for supervisors."""
    rate_card = card("nopd")
    requested = at("nopd", "2027-03-01 09:00")
    base = requested + timedelta(days=draw(st.integers(3, 30)))
    shifts = []
    for _ in range(draw(st.integers(2, 4))):
        start = base + timedelta(minutes=15 * draw(st.integers(0, 40)))
        length = timedelta(minutes=15 * draw(st.integers(4, 40)))
        shifts.append(ShiftRequest(start, start + length, draw(st.integers(1, 12))))
    return rate_card, QuoteRequest(requested, tuple(shifts), tier="3")


@SETTINGS
@given(overlapping_crowds())
def test_overlapping_shifts_carry_one_set_of_supervisors_nopd_sup_1(case):
    """NOPD-SUP-1: shifts that overlap (directly or through another) are one crowd; at most one
    shift of each crowd carries supervisors, and no shift carries more than the quote requires."""
    rate_card, req = case
    result = quote(rate_card, req)
    spans = sorted((s.starts_at, s.ends_at, k) for k, s in enumerate(req.shifts))
    groups, end = [], None
    for start, stop, k in spans:
        if groups and start < end:
            groups[-1].append(k)
            end = max(end, stop)
        else:
            groups.append([k])
            end = stop
    for group in groups:
        carrying = [k for k in group if result.shifts[k].supervisors]
        assert len(carrying) <= 1
    assert all(s.supervisors <= result.supervisors_required for s in result.shifts)


@SETTINGS
@given(
    requests(slug="pembroke-ma"),
    st.integers(1, 20),
    st.sampled_from(["per_unit_hour", "per_unit_shift"]),
    st.sampled_from([None, "40.00"]),
)
def test_a_quantity_q_add_on_costs_q_times_one_plat_addon_1(case, quantity, kind, first_hour):
    """PLAT-ADDON-1: asking for q units of an add-on costs exactly q times asking for 1 (per
    shift, per hour, or a first-hour price then per hour); nothing else on the quote changes."""
    _, req = case
    pembroke = card("pembroke-ma")
    cruiser = replace(
        pembroke.add_ons[0],
        kind=kind,
        first_hour_amount=Decimal(first_hour) if kind == "per_unit_hour" and first_hour else None,
    )
    rate_card = replace(pembroke, add_ons=(cruiser,))
    one = quote(rate_card, replace(req, add_ons=("cruiser",), quantities=()))
    many = quote(
        rate_card,
        replace(req, add_ons=("cruiser",), quantities=(AddOnQuantity("cruiser", quantity),)),
    )
    assert many.other_charges == one.other_charges * quantity
    assert many.officer_pay == one.officer_pay and many.admin_fee == one.admin_fee


@SETTINGS
@given(
    st.integers(1, 60), st.integers(1, 12), st.integers(1, 12), st.integers(0, 180), st.booleans()
)
def test_ratio_supervisors_are_ceil_n_over_per_officers_plat_sup_2(
    officers, per, threshold, offset, split
):
    """PLAT-SUP-2: 1 per N officers gives ceil(n / N) supervisors from the threshold on, none
    below it; two overlapping shifts sharing the n officers need the same number, once
    (NOPD-SUP-1)."""
    nopd = card("nopd")
    ratio = c.SupervisionRatio("sergeant", per_officers=per, from_officers=threshold)
    rate_card = replace(nopd, supervision=replace(nopd.supervision, rows=(), ratios=(ratio,)))
    start = at("nopd", "2027-03-10 18:00")
    end = start + timedelta(hours=4)
    if split and officers > 1:
        first = officers // 2
        later = start + timedelta(minutes=offset % 180)
        shifts = (
            ShiftRequest(start, end, first),
            ShiftRequest(later, later + timedelta(minutes=60), officers - first),
        )
    else:
        shifts = (ShiftRequest(start, end, officers),)
    result = quote(rate_card, QuoteRequest(start - timedelta(days=10), shifts, tier="3"))
    expected = -(-officers // per) if officers >= threshold else 0
    assert result.supervisors_required == expected
    assert sum(s.supervisors for s in result.shifts) == expected

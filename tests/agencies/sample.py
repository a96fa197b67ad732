"""A rate card built in code that sets every field of every part to a non-default value, so a
storage round trip that dropped or mixed up a field cannot go unnoticed."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal as D

from agencies.pricing import card as c

PROFILE = {
    "slug": "sample",
    "name": "Sample City Police Department",
    "short_name": "SCPD",
    "city": "Sample City, CO",
    "time_zone": "America/Denver",
    "currency": "USD",
    "office_phone": "(555) 010-0100",
    "after_hours_phone": "(555) 010-0199",
    "toll_free_phone": "1-800-555-0100",
    "email": "details@sample.example",
    "website": "https://sample.example/details",
    "description": "Paid details in Sample City.",
}


def sample_card(**changes) -> c.RateCard:
    card = c.RateCard(
        agency="sample",
        version=1,
        effective_from=date(2026, 1, 1),
        currency="USD",
        time_zone="America/Denver",
        base_rank="officer",
        ranks=(
            c.Rank("officer", "Police Officer", 1),
            c.Rank("sergeant", "Sergeant", 2, supervisor=True),
        ),
        job_types=(
            c.JobType("hourly", "Hourly detail", rules=("SAMPLE-RATE-1",)),
            c.JobType(
                "motorcycle_escort",
                "Motorcycle escort",
                pricing=c.PRICING_TASK,
                specialty="motorcycle",
                minimum_hours=D("2.5"),
                uses_tiers=False,
                description="Escorts by motorcycle officers.",
                example=True,
                rules=("SAMPLE-TASK-1",),
            ),
        ),
        rates=(
            c.Rate("hourly", D("40.00"), rank="officer", tier="1"),
            c.Rate("hourly", D("46.33"), rank="officer", tier="2"),
            c.Rate("hourly", D("44.00"), rank="sergeant", tier="1"),
            c.Rate("hourly", D("50.10"), rank="sergeant", tier="2"),
            c.Rate("hourly", D("60.00"), rank="officer", tier="1", category="holiday"),
            c.Rate("hourly", D("66.00"), rank="sergeant", tier="1", category="holiday"),
            c.Rate("motorcycle_escort", D("75.00"), category="regular", example=True),
        ),
        fee=c.FeeRule(
            kind=c.FEE_PERCENT,
            amount=D("1.25"),
            percent=D("12.5"),
            cap=D("9.99"),
            per_officer=D("3.50"),
            rounding=c.ROUND_UP,
        ),
        tiers=(
            c.Tier("1", "Tier 1", 1, "The usual rate."),
            c.Tier("2", "Tier 2", 2, "Higher demand."),
        ),
        default_tier="1",
        categories=(
            c.RateCategory("regular", "Regular", "Most days."),
            c.RateCategory("holiday", "Holiday", "Listed holidays."),
        ),
        minimum_hours=D("3"),
        billing_blocks=(c.BillingBlock(D("4"), D("8")), c.BillingBlock(D("8.5"), D("12"))),
        overtime=c.Overtime(D("8"), D("1.5")),
        max_shift_hours=D("14"),
        calendar=(
            c.CalendarRule(
                code="holiday",
                name="Holiday",
                effect=c.Effect(kind=c.EFFECT_RATE_CATEGORY, category="holiday"),
                holidays=("christmas_day", "new_years_day"),
                country_calendar="US",
                weekdays=(),
                dates=(
                    c.DateRange("Founders' Day", date(2026, 5, 4), date(2026, 5, 4)),
                    c.DateRange("County fair", date(2026, 8, 10), date(2026, 8, 16)),
                ),
                mode=c.MODE_WHOLE_SHIFT,
                rules=("SAMPLE-HOL-1", "SAMPLE-HOL-2"),
            ),
            c.CalendarRule(
                code="weekend",
                name="Weekend",
                effect=c.Effect(kind=c.EFFECT_MINIMUM_TIER, tier="2"),
                weekdays=(5, 6),
                rules=("SAMPLE-WKND-1",),
            ),
            c.CalendarRule(
                code="festival",
                name="Festival",
                effect=c.Effect(kind=c.EFFECT_MULTIPLIER, multiplier=D("1.25")),
                dates=(c.DateRange("Festival", date(2026, 7, 1), date(2026, 7, 3)),),
            ),
        ),
        notice=(
            c.NoticeRule(
                code="short_notice",
                name="Short notice",
                within_hours=D("168"),
                requires_approval=True,
                warning="Less than 7 days' notice: a coordinator must approve.",
                rules=("SAMPLE-LEAD-1",),
            ),
            c.NoticeRule(
                code="emergency",
                name="Emergency",
                within_hours=D("24"),
                effect=c.Effect(kind=c.EFFECT_RATE_CATEGORY, category="holiday"),
                rules=("SAMPLE-LEAD-2",),
            ),
            c.NoticeRule(code="too_late", name="Too late", within_hours=D("0.5"), refuse=True),
        ),
        add_ons=(
            c.AddOn(
                code="vehicle",
                name="Police vehicle",
                kind=c.ADDON_PER_OFFICER_HOUR,
                amount=D("20.00"),
                description="A marked cruiser.",
                rules=("SAMPLE-VEH-1",),
            ),
            c.AddOn(
                code="night",
                name="Night differential",
                kind=c.ADDON_PER_OFFICER_HOUR,
                amount=D("2.50"),
                accrues_to=c.ACCRUES_OFFICER,
                automatic=True,
                window_start=time(22, 0),
                window_end=time(6, 0),
            ),
            c.AddOn(
                code="alcohol",
                name="Alcohol served",
                kind=c.ADDON_PER_JOB,
                amount=D("10.00"),
                accrues_to=c.ACCRUES_FEE,
            ),
        ),
        supervision=c.Supervision(
            rows=(
                c.SupervisionRow(5, 9, 1, "sergeant", rate_category="holiday", example=True),
                c.SupervisionRow(10, None, 2, "sergeant", counts_toward_requested=True),
            ),
            senior_officer_responsible=False,
            rules=("SAMPLE-SUP-1",),
            example=True,
        ),
        cancellation=c.Cancellation(
            rules=(
                c.CancellationRule(
                    code="before_approval",
                    name="Before approval",
                    stage=c.CANCEL_BEFORE_APPROVAL,
                    description="Free.",
                ),
                c.CancellationRule(
                    code="late",
                    name="Within 48 hours",
                    stage=c.CANCEL_AFTER_APPROVAL,
                    within_hours=D("48"),
                    job_types=("hourly",),
                    charges=(
                        c.ChargeComponent(c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM),
                        c.ChargeComponent(c.CHARGE_ADMIN_FEES_FIRST_HOURS, hours=D("24")),
                        c.ChargeComponent(c.CHARGE_FLAT, amount=D("15.00")),
                    ),
                    description="The minimum plus fees.",
                    rules=("SAMPLE-CANCEL-1",),
                ),
            ),
            agency_cancel_free=False,
            agency_cancel_rules=("SAMPLE-CANCEL-0",),
            withdraw_cutoff_hours=D("12"),
        ),
        payment=c.PaymentTerms(
            kind=c.PAYMENT_NET,
            hours_before_start=None,
            net_days=30,
            methods=("check", "card"),
            rules=("SAMPLE-PAY-1",),
        ),
        hour_caps=c.HourCaps(
            rolling_24h=D("16"), per_week=D("32.5"), week_starts=6, rules=("SAMPLE-CAP-1",)
        ),
        work_categories=(
            c.WorkCategory("event", "Events"),
            c.WorkCategory(
                "process_serving",
                "Process serving",
                prohibited=True,
                reason="Police authority cannot be used to collect for private parties.",
                rules=("SAMPLE-PROHIB-1",),
            ),
            c.WorkCategory("other", "Something else", needs_review=True),
        ),
        unfilled_escalation_hours=(96, 12),
        rate_rules=("SAMPLE-RATE-1",),
        minimum_rules=("SAMPLE-MIN-1",),
        highest_rate_rules=("SAMPLE-RATE-2",),
        notes="Example card for tests.",
    )
    return c.RateCard(**{**card.__dict__, **changes})

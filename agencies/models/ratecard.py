"""A rate card stored as typed rows: one model per concept, versioned per agency.

These rows mirror the dataclasses in ``agencies.pricing.card`` field by field (the dataclass field
names are kept, prefixed where a nested value lives on the card row: ``fee_kind`` for
``RateCard.fee.kind``). ``agencies.ratecards`` converts between the two; the engine only ever sees
the dataclass. Codes that refer to other parts of the card (a rate's rank, tier and job type) are
stored as codes and checked by ``agencies.pricing.validate.validate_card`` when a card is saved.
Children keep an explicit ``position`` so a card exports in the order it was written.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from agencies.pricing import card as c

from .agency import Agency
from .card_choices import (
    Accrues,
    AddOnKind,
    BandPadding,
    ChargeKind,
    DateMode,
    EffectKind,
    FeeKind,
    OvertimeKind,
    PaymentKind,
    PremiumCombination,
    Pricing,
    Rounding,
    Stage,
    UnitHours,
)

CODE = 40  # length of a code: rank, tier, category, job type


def money_field(**kwargs):
    return models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], **kwargs
    )


def hours_field(minimum=0, **kwargs):
    return models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(minimum)], **kwargs
    )


def factor_field(**kwargs):
    """A percentage or a multiplier: up to four decimal places."""
    return models.DecimalField(
        max_digits=10, decimal_places=4, validators=[MinValueValidator(0)], **kwargs
    )


def id_list(**kwargs):
    """A list of strings (rule IDs, holiday keys, job type codes, payment methods)."""
    return models.JSONField(default=list, blank=True, **kwargs)


def non_negative(name: str, *fields: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__gte": 0}), name=f"{name}_{f}_gte_0"
        )
        for f in fields
    ]


class RateCard(models.Model):
    """One version of an agency's rate card. The version in force on a date is the one with the
    greatest ``effective_from`` on or before it (ties: the higher version)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="rate_cards")
    version = models.PositiveIntegerField(editable=False)
    effective_from = models.DateField()
    currency = models.CharField(max_length=3, default="USD")
    time_zone = models.CharField(max_length=64)
    base_rank = models.CharField(max_length=CODE)
    default_tier = models.CharField(max_length=CODE, null=True, blank=True)

    fee_kind = models.CharField(max_length=20, choices=FeeKind.choices, default=c.FEE_PER_HOUR)
    fee_amount = money_field(default=0, help_text="Per billed hour (flat) or per job.")
    fee_percent = factor_field(default=0, help_text="15 means 15 % of officer pay.")
    fee_cap = money_field(null=True, blank=True, help_text="Percentage fee: at most this per hour.")
    fee_per_officer = money_field(
        default=0, help_text="Per-job fee: plus this per officer per shift."
    )
    fee_rounding = models.CharField(
        max_length=10, choices=Rounding.choices, default=c.ROUND_HALF_UP
    )

    minimum_hours = hours_field(default=0, help_text="Per officer per shift.")
    max_shift_hours = hours_field(
        minimum=Decimal("0.01"), default=16, null=True, blank=True, help_text="Empty: no maximum."
    )
    overtime_after_hours = hours_field(null=True, blank=True)
    overtime_multiplier = factor_field(null=True, blank=True)
    overtime_kind = models.CharField(
        max_length=20, choices=OvertimeKind.choices, default=c.OVERTIME_MULTIPLIER
    )
    overtime_amount = money_field(null=True, blank=True, help_text="Surcharge overtime: per hour.")
    overtime_compounds = models.BooleanField(
        default=True, help_text="Overtime applies on top of the premium rate of the hour."
    )
    overtime_increment_hours = hours_field(
        null=True, blank=True, help_text="Hours past the limit are billed in blocks of this."
    )
    premiums = models.CharField(
        max_length=20, choices=PremiumCombination.choices, default=c.PREMIUMS_HIGHEST
    )

    supervision_senior_officer_responsible = models.BooleanField(default=True)
    supervision_rules = id_list()
    supervision_example = models.BooleanField(default=False)

    cancellation_agency_cancel_free = models.BooleanField(default=True)
    cancellation_agency_cancel_rules = id_list()
    cancellation_withdraw_cutoff_hours = hours_field(default=24)

    unfilled_escalation_hours = models.JSONField(
        default=list,
        blank=True,
        help_text="Hours before the start at which open positions escalate; empty: 72 and 24.",
    )

    payment_kind = models.CharField(
        max_length=10, choices=PaymentKind.choices, default=c.PAYMENT_PREPAY
    )
    payment_hours_before_start = models.PositiveIntegerField(null=True, blank=True, default=48)
    payment_net_days = models.PositiveIntegerField(null=True, blank=True)
    payment_methods = id_list()
    payment_rules = id_list()
    payment_late_fee_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Net terms: a one-time late fee, this percent of what is still owed.",
    )

    hour_caps_rolling_24h = hours_field(null=True, blank=True)
    hour_caps_per_week = hours_field(null=True, blank=True)
    hour_caps_week_starts = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)], help_text="0 = Monday ... 6 = Sunday"
    )
    hour_caps_rules = id_list()

    rate_rules = id_list()
    minimum_rules = id_list()
    highest_rate_rules = id_list()
    notes = models.TextField(blank=True)

    cache_token = models.UUIDField(default=uuid.uuid4, editable=False)  # new on every change
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agency", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="ratecard_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="ratecard_version_gte_1"),
            models.CheckConstraint(
                condition=Q(overtime_after_hours__isnull=True, overtime_multiplier__isnull=True)
                | Q(overtime_after_hours__isnull=False),
                name="ratecard_overtime_needs_after_hours",
            ),
            models.CheckConstraint(
                condition=Q(max_shift_hours__isnull=True) | Q(max_shift_hours__gt=0),
                name="ratecard_max_shift_gt_0",
            ),
            models.CheckConstraint(
                condition=Q(hour_caps_week_starts__lte=6), name="ratecard_week_starts_weekday"
            ),
            *non_negative(
                "ratecard",
                "fee_amount",
                "fee_percent",
                "fee_cap",
                "fee_per_officer",
                "minimum_hours",
                "overtime_after_hours",
                "overtime_multiplier",
                "overtime_amount",
                "overtime_increment_hours",
                "cancellation_withdraw_cutoff_hours",
                "hour_caps_rolling_24h",
                "hour_caps_per_week",
            ),
        ]

    def __str__(self):
        return f"{self.agency.slug} v{self.version} (from {self.effective_from:%Y-%m-%d})"


class CardChild(models.Model):
    """A row belonging to one card version, kept in the order it was written."""

    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Rank(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="ranks")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    level = models.IntegerField(help_text="Higher outranks lower.")
    supervisor = models.BooleanField(default=False, help_text="May fill supervisor positions.")

    class Meta(CardChild.Meta):
        constraints = [models.UniqueConstraint(fields=["card", "code"], name="rank_code_once")]

    def __str__(self):
        return self.name


class Tier(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    level = models.IntegerField(help_text="A higher level costs more.")
    description = models.TextField(blank=True)

    class Meta(CardChild.Meta):
        constraints = [models.UniqueConstraint(fields=["card", "code"], name="tier_code_once")]

    def __str__(self):
        return self.name


class RateCategory(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta(CardChild.Meta):
        verbose_name_plural = "rate categories"
        constraints = [models.UniqueConstraint(fields=["card", "code"], name="category_code_once")]

    def __str__(self):
        return self.name


class JobType(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="job_types")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    pricing = models.CharField(max_length=10, choices=Pricing.choices, default=c.PRICING_HOURLY)
    specialty = models.CharField(max_length=CODE, null=True, blank=True)
    minimum_hours = hours_field(null=True, blank=True, help_text="Overrides the card's minimum.")
    uses_tiers = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    example = models.BooleanField(default=False, help_text="Not published by the agency.")
    rules = id_list()

    class Meta(CardChild.Meta):
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="jobtype_code_once"),
            *non_negative("jobtype", "minimum_hours"),
        ]

    def __str__(self):
        return self.name


class Rate(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    job_type = models.CharField(max_length=CODE)
    officer_pay = money_field()
    rank = models.CharField(max_length=CODE, null=True, blank=True, help_text="Empty: any rank.")
    tier = models.CharField(max_length=CODE, null=True, blank=True, help_text="Empty: no tier.")
    category = models.CharField(max_length=CODE, default="regular")
    example = models.BooleanField(default=False)

    class Meta(CardChild.Meta):
        constraints = non_negative("rate", "officer_pay")

    def __str__(self):
        who = f"{self.rank or 'any rank'}, {self.tier or 'no tier'}"
        return f"{self.job_type} ({who}, {self.category}): {self.officer_pay}"


class BillingBlock(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="billing_blocks")
    over_hours = hours_field()
    bill_hours = hours_field()

    class Meta(CardChild.Meta):
        constraints = non_negative("billingblock", "over_hours", "bill_hours")

    def __str__(self):
        return f"over {self.over_hours} h bills {self.bill_hours} h"


class EffectFields(models.Model):
    effect_kind = models.CharField(max_length=20, choices=EffectKind.choices, default=c.EFFECT_NONE)
    effect_tier = models.CharField(max_length=CODE, null=True, blank=True)
    effect_category = models.CharField(max_length=CODE, null=True, blank=True)
    effect_multiplier = factor_field(null=True, blank=True)
    effect_amount = money_field(null=True, blank=True, help_text="Surcharge: added per hour.")

    class Meta:
        abstract = True


class CalendarRule(CardChild, EffectFields):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="calendar")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    holidays = id_list(help_text='Holiday keys, e.g. ["christmas_day", "lundi_gras"].')
    country_calendar = models.CharField(max_length=20, null=True, blank=True)
    weekdays = id_list(help_text="0 = Monday ... 6 = Sunday, e.g. [5, 6].")
    mode = models.CharField(max_length=20, choices=DateMode.choices, default=c.MODE_HOURS_ON_DATE)
    rules = id_list()
    window_start = models.TimeField(null=True, blank=True, help_text="A time band: from.")
    window_end = models.TimeField(null=True, blank=True, help_text="A time band: until.")
    padding = models.CharField(
        max_length=10,
        choices=BandPadding.choices,
        default=c.PADDING_BAND,
        help_text="A time band: how hours added by the minimum are priced.",
    )

    class Meta(CardChild.Meta):
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="calendarrule_code_once"),
            *non_negative("calendarrule", "effect_multiplier", "effect_amount"),
        ]

    def __str__(self):
        return self.name


class CalendarDate(CardChild):
    """An agency-added date or date range (a high-demand period), inclusive."""

    rule = models.ForeignKey(CalendarRule, on_delete=models.CASCADE, related_name="dates")
    name = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()

    class Meta(CardChild.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="calendardate_end_gte_start"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.start} to {self.end})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The last day cannot be before the first day."})


class NoticeRule(CardChild, EffectFields):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="notice")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    within_hours = hours_field(minimum=Decimal("0.01"))
    requires_approval = models.BooleanField(default=False)
    refuse = models.BooleanField(default=False)
    warning = models.TextField(blank=True)
    rules = id_list()

    class Meta(CardChild.Meta):
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="noticerule_code_once"),
            models.CheckConstraint(
                condition=Q(within_hours__gt=0), name="noticerule_within_hours_gt_0"
            ),
            *non_negative("noticerule", "effect_multiplier", "effect_amount"),
        ]

    def __str__(self):
        return self.name


class AddOn(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="add_ons")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=AddOnKind.choices)
    amount = money_field()
    accrues_to = models.CharField(max_length=10, choices=Accrues.choices, default=c.ACCRUES_OTHER)
    automatic = models.BooleanField(default=False)
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    weekdays = id_list(help_text="The window only on these days (0 = Monday); empty: every day.")
    description = models.TextField(blank=True)
    rules = id_list()
    unit = models.CharField(max_length=40, blank=True, help_text='One unit: "cruiser".')
    max_quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(c.MAX_QUANTITY)],
        help_text=f"Empty: {c.DEFAULT_MAX_QUANTITY}.",
    )
    first_hour_amount = money_field(null=True, blank=True)
    unit_hours = models.CharField(
        max_length=10, choices=UnitHours.choices, default=c.UNIT_HOURS_BILLED
    )

    class Meta(CardChild.Meta):
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="addon_code_once"),
            *non_negative("addon", "amount", "first_hour_amount"),
        ]

    def __str__(self):
        return self.name


class SupervisionRow(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="supervision_rows")
    min_officers = models.PositiveIntegerField()
    max_officers = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: no upper limit."
    )
    supervisors = models.PositiveIntegerField()
    rank = models.CharField(max_length=CODE)
    counts_toward_requested = models.BooleanField(default=False)
    rate_category = models.CharField(max_length=CODE, null=True, blank=True)
    example = models.BooleanField(default=False)

    class Meta(CardChild.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(max_officers__isnull=True)
                | Q(max_officers__gte=models.F("min_officers")),
                name="supervisionrow_max_gte_min",
            )
        ]

    def __str__(self):
        top = self.max_officers if self.max_officers is not None else "+"
        return f"{self.min_officers}-{top} officers: {self.supervisors} {self.rank}"

    def clean(self):
        low, high = self.min_officers, self.max_officers
        if low is not None and high is not None and high < low:
            raise ValidationError({"max_officers": "Cannot be less than the minimum officers."})


class SupervisionRatio(CardChild):
    """1 supervisor of ``rank`` per ``per_officers`` officers on site at once (rounded up), from
    ``from_officers`` on."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="supervision_ratios")
    rank = models.CharField(max_length=CODE)
    per_officers = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    from_officers = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    counts_toward_requested = models.BooleanField(default=False)
    rate_category = models.CharField(max_length=CODE, null=True, blank=True)
    example = models.BooleanField(default=False)

    def __str__(self):
        return f"1 {self.rank} per {self.per_officers} officers from {self.from_officers}"


class CancellationRule(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="cancellation_rules")
    code = models.CharField(max_length=CODE)
    name = models.CharField(max_length=100)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    within_hours = hours_field(null=True, blank=True, help_text="Empty: any time.")
    job_types = id_list(help_text="Empty: every job type.")
    description = models.TextField(blank=True)
    rules = id_list()
    inclusive = models.BooleanField(
        default=False, help_text="The window includes its boundary (48 hours or less)."
    )
    after_start = models.BooleanField(
        default=False, help_text="Only cancellations after the start (no hours)."
    )

    class Meta(CardChild.Meta):
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="cancellationrule_code_once"),
            *non_negative("cancellationrule", "within_hours"),
        ]

    def __str__(self):
        return self.name


class CancellationCharge(CardChild):
    """One component of a cancellation charge; a rule without any is free."""

    rule = models.ForeignKey(CancellationRule, on_delete=models.CASCADE, related_name="charges")
    kind = models.CharField(max_length=40, choices=ChargeKind.choices)
    hours = hours_field(null=True, blank=True)
    amount = money_field(null=True, blank=True)

    class Meta(CardChild.Meta):
        constraints = non_negative("cancellationcharge", "hours", "amount")

    def __str__(self):
        return self.get_kind_display()


class WorkCategory(CardChild):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="work_categories")
    slug = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    prohibited = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="Shown to customers when prohibited.")
    needs_review = models.BooleanField(default=False)
    rules = id_list()

    class Meta(CardChild.Meta):
        verbose_name_plural = "work categories"
        constraints = [
            models.UniqueConstraint(fields=["card", "slug"], name="workcategory_slug_once")
        ]

    def __str__(self):
        return self.name


class RateCardDraft(models.Model):
    """An agency's rate card being edited (one per agency): the card as its JSON data
    (``agencies.pricing.codec.to_data``), always a valid card (an invalid edit is never saved),
    and the sample requests its preview prices. Publishing stores it as a new version; a stored
    version is never edited through a draft."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="card_draft")
    based_on = models.PositiveIntegerField(help_text="The version the draft was started from.")
    card = models.JSONField()
    samples = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"{self.agency.slug} draft (from v{self.based_on})"

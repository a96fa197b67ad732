"""The values a rate card's columns take (``agencies.models.ratecard``), each the pricing
format's constant (``agencies.pricing.card``) with its name in the agency's words."""

from __future__ import annotations

from django.db import models

from agencies.pricing import card as c


class FeeKind(models.TextChoices):
    PER_HOUR = c.FEE_PER_HOUR, "Flat amount per billed officer hour"
    PERCENT = c.FEE_PERCENT, "Percentage of officer pay per hour"
    PER_JOB = c.FEE_PER_JOB, "Per job plus per officer"


class Rounding(models.TextChoices):
    HALF_UP = c.ROUND_HALF_UP, "Half up"
    UP = c.ROUND_UP, "Up"
    DOWN = c.ROUND_DOWN, "Down"
    NONE = c.ROUND_NONE, "Exact (each line rounded)"


class EffectKind(models.TextChoices):
    NONE = c.EFFECT_NONE, "No price change (warning or approval only)"
    MINIMUM_TIER = c.EFFECT_MINIMUM_TIER, "At least this tier"
    RATE_CATEGORY = c.EFFECT_RATE_CATEGORY, "Priced from a rate category"
    MULTIPLIER = c.EFFECT_MULTIPLIER, "Officer pay times a multiplier"
    SURCHARGE = c.EFFECT_SURCHARGE, "Officer pay plus an amount per hour"


class PremiumCombination(models.TextChoices):
    HIGHEST = c.PREMIUMS_HIGHEST, "The highest rate wins"
    ADDITIVE = c.PREMIUMS_ADDITIVE, "Surcharges per hour add up"
    MULTIPLIER_ONCE = c.PREMIUMS_MULTIPLIER_ONCE, "One multiplier, applied once"


class OvertimeKind(models.TextChoices):
    MULTIPLIER = c.OVERTIME_MULTIPLIER, "Officer pay times a multiplier"
    SURCHARGE = c.OVERTIME_SURCHARGE, "Officer pay plus an amount per hour"


class DateMode(models.TextChoices):
    HOURS_ON_DATE = c.MODE_HOURS_ON_DATE, "Only the hours on the date"
    WHOLE_SHIFT = c.MODE_WHOLE_SHIFT, "The whole shift"


class BandPadding(models.TextChoices):
    BAND = c.PADDING_BAND, "The band of the hours they extend"
    REGULAR = c.PADDING_REGULAR, "The regular rate"
    START = c.PADDING_START, "The band of the shift's start"


class Pricing(models.TextChoices):
    HOURLY = c.PRICING_HOURLY, "Hourly"
    TASK = c.PRICING_TASK, "Task-based"


class AddOnKind(models.TextChoices):
    PER_OFFICER_HOUR = c.ADDON_PER_OFFICER_HOUR, "Per officer per hour"
    PER_OFFICER_SHIFT = c.ADDON_PER_OFFICER_SHIFT, "Per officer per shift"
    PER_SHIFT = c.ADDON_PER_SHIFT, "Per shift"
    PER_JOB = c.ADDON_PER_JOB, "Per job"
    PER_UNIT_SHIFT = c.ADDON_PER_UNIT_SHIFT, "Per unit the customer chooses, per shift"
    PER_UNIT_HOUR = c.ADDON_PER_UNIT_HOUR, "Per unit the customer chooses, per hour"


class UnitHours(models.TextChoices):
    BILLED = c.UNIT_HOURS_BILLED, "The shift's billed hours"
    ELAPSED = c.UNIT_HOURS_ELAPSED, "The hours the shift lasts"


class Accrues(models.TextChoices):
    OFFICER = c.ACCRUES_OFFICER, "Officer pay"
    FEE = c.ACCRUES_FEE, "Admin fee"
    OTHER = c.ACCRUES_OTHER, "Other agency charge"


class Stage(models.TextChoices):
    BEFORE_APPROVAL = c.CANCEL_BEFORE_APPROVAL, "Before approval"
    AFTER_APPROVAL = c.CANCEL_AFTER_APPROVAL, "After approval"


class ChargeKind(models.TextChoices):
    ADMIN_FEES_FIRST_HOURS = c.CHARGE_ADMIN_FEES_FIRST_HOURS, "Admin fees for the first N hours"
    GREATER_OF_WORKED_OR_MINIMUM = (
        c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM,
        "Officer pay: greater of hours worked or the minimum",
    )
    HOURS_PER_OFFICER = c.CHARGE_HOURS_PER_OFFICER, "N hours per officer"
    MINIMUM_HOURS = c.CHARGE_MINIMUM_HOURS, "The minimum hours per officer"
    FLAT = c.CHARGE_FLAT, "A flat amount"
    ALL_FEES = c.CHARGE_ALL_FEES, "Everything the job would have cost"


class PaymentKind(models.TextChoices):
    PREPAY = c.PAYMENT_PREPAY, "Prepaid N hours before the start"
    NET = c.PAYMENT_NET, "Net N days after completion"

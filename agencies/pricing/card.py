"""A rate card as plain, typed, immutable data: what an agency charges and the rules around it.

This is the snapshot the engine prices from, the shape of the JSON format (docs/rate-cards.md),
and what a booked job keeps (PLAT-SNAPSHOT-1). The ORM models in ``agencies.models`` store the
same data as typed rows and convert to and from this form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

# --- small vocabularies -------------------------------------------------------------------------

FEE_PER_HOUR = "per_hour"  # a flat amount per billed officer hour (NOPD $8.00)
FEE_PERCENT = "percent"  # a percentage of the officer pay rate, per hour (ODM 15 %), optional cap
FEE_PER_JOB = "per_job"  # a flat amount per job plus per officer per shift (Honolulu)

ROUND_HALF_UP = "half_up"
ROUND_UP = "up"
ROUND_DOWN = "down"
ROUND_NONE = "none"  # a percent fee kept exact per hour; each line is rounded to the cent

EFFECT_MINIMUM_TIER = "minimum_tier"  # at least this tier (a higher chosen tier stays)
EFFECT_RATE_CATEGORY = "rate_category"  # priced from another rate category (holiday, emergency)
EFFECT_MULTIPLIER = "multiplier"  # officer pay x value
EFFECT_SURCHARGE = "surcharge"  # officer pay + amount per hour
EFFECT_NONE = "none"  # a warning or an approval requirement only

MODE_HOURS_ON_DATE = "hours_on_date"  # only the hours falling on the date (agency local time)
MODE_WHOLE_SHIFT = "whole_shift"  # the whole shift when any of it falls on the date
# hours added by the minimum (padding) and a time band (CalendarRule.padding)
PADDING_BAND = "band"  # padded hours take the band of the hours they extend (the default)
PADDING_REGULAR = "regular"  # padded hours never take the band
PADDING_START = "start"  # padded hours take the band when the shift starts inside it
PADDINGS = (PADDING_BAND, PADDING_REGULAR, PADDING_START)

ADDON_PER_OFFICER_HOUR = "per_officer_hour"
ADDON_PER_OFFICER_SHIFT = "per_officer_shift"
ADDON_PER_SHIFT = "per_shift"
ADDON_PER_JOB = "per_job"
ADDON_PER_UNIT_SHIFT = "per_unit_shift"  # x the quantity the customer chooses, per shift
ADDON_PER_UNIT_HOUR = "per_unit_hour"  # x the quantity x the shift's hours (a first hour apart)
QUANTITY_KINDS = (ADDON_PER_UNIT_SHIFT, ADDON_PER_UNIT_HOUR)
DEFAULT_MAX_QUANTITY = 20  # an add-on with a quantity and no maximum of its own (PLAT-LIMIT-1)
MAX_QUANTITY = 500  # the most any card may allow (the site's officers-per-shift bound)

UNIT_HOURS_BILLED = "billed"  # a unit is charged the shift's billed hours (minimum included)
UNIT_HOURS_ELAPSED = "elapsed"  # only the hours the shift lasts ("actual hours deployed")

ACCRUES_OFFICER = "officer"  # counted in officer pay
ACCRUES_FEE = "fee"  # counted in the admin fee
ACCRUES_OTHER = "other"  # another agency charge (vehicles, mileage)

CANCEL_BEFORE_APPROVAL = "before_approval"
CANCEL_AFTER_APPROVAL = "after_approval"

CHARGE_ADMIN_FEES_FIRST_HOURS = "admin_fees_first_hours"  # fee on officer-hours in the first N h
CHARGE_GREATER_OF_WORKED_OR_MINIMUM = "greater_of_worked_or_minimum"  # officer pay
CHARGE_HOURS_PER_OFFICER = "hours_per_officer"  # N h x (pay + fee) per officer
CHARGE_MINIMUM_HOURS = "minimum_hours"  # the minimum hours x (pay + fee) per officer
CHARGE_FLAT = "flat"
CHARGE_ALL_FEES = "all_fees"  # everything the job would have cost

PAYMENT_PREPAY = "prepay"  # due N hours before the first shift starts
PAYMENT_NET = "net"  # due N days after completion

# how the premiums that apply to one hour combine (RateCard.premiums; docs/rate-cards.md)
PREMIUMS_HIGHEST = "highest"  # the highest customer rate wins (a tie keeps the base)
PREMIUMS_ADDITIVE = "additive"  # per-hour surcharges stack: base + night + holiday + notice
PREMIUMS_MULTIPLIER_ONCE = "multiplier_once"  # one multiplier, applied once whatever the reasons

OVERTIME_MULTIPLIER = "multiplier"  # overtime hours at officer pay x multiplier
OVERTIME_SURCHARGE = "surcharge"  # overtime hours at officer pay + amount per hour

PRICING_HOURLY = "hourly"
PRICING_TASK = "task"


# --- the card -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rank:
    code: str  # "officer", "sergeant"
    name: str  # "Police Officer"
    level: int  # seniority of the rank: higher outranks lower
    supervisor: bool = False  # may fill supervisor positions


@dataclass(frozen=True)
class Tier:
    code: str  # "2+", "3"
    name: str  # "Tier 3"
    level: int  # order by price: a higher level costs more; "minimum tier" compares levels
    description: str = ""  # shown to customers choosing a tier (NOPD-TIER-1)


@dataclass(frozen=True)
class RateCategory:
    code: str  # "regular", "holiday", "emergency", "supervisor"
    name: str
    description: str = ""


@dataclass(frozen=True)
class JobType:
    code: str  # "hourly", "motorcycle_escort"
    name: str
    pricing: str = PRICING_HOURLY  # PRICING_HOURLY or PRICING_TASK
    specialty: str | None = None  # officers need this specialty ("motorcycle")
    minimum_hours: Decimal | None = None  # overrides the card's minimum for this type
    uses_tiers: bool = True  # False: the tier is not asked for this type
    description: str = ""
    example: bool = False  # values not published by the agency: shown as examples
    rules: tuple[str, ...] = ()  # rule IDs quoted on this type's lines after the card's rate_rules


@dataclass(frozen=True)
class Rate:
    """Officer pay per hour for one combination. ``tier`` None where the agency has no tiers (or
    the job type ignores them); ``rank`` None means any rank."""

    job_type: str
    officer_pay: Decimal
    rank: str | None = None
    tier: str | None = None
    category: str = "regular"
    example: bool = False


@dataclass(frozen=True)
class FeeRule:
    kind: str = FEE_PER_HOUR  # FEE_PER_HOUR, FEE_PERCENT or FEE_PER_JOB
    amount: Decimal = Decimal("0.00")  # per hour (FEE_PER_HOUR) or per job (FEE_PER_JOB)
    percent: Decimal = Decimal("0")  # FEE_PERCENT: 15 means 15 %
    cap: Decimal | None = None  # FEE_PERCENT: at most this per hour
    per_officer: Decimal = Decimal("0.00")  # FEE_PER_JOB: plus this per officer per shift
    rounding: str = ROUND_HALF_UP  # how an hourly fee is rounded to the cent


@dataclass(frozen=True)
class BillingBlock:
    """A shift longer than ``over_hours`` bills at least ``bill_hours`` (Hadley: over 4 bills 8)."""

    over_hours: Decimal
    bill_hours: Decimal


@dataclass(frozen=True)
class Overtime:
    """Hours past ``after_hours`` in one shift are paid at ``multiplier`` x officer pay (or, of
    kind ``surcharge``, officer pay + ``amount`` per hour). ``compounds``: applied on top of the
    premium rate the hour already has (Grafton: time and a half of the night rate); False: one
    more premium, combined like the others by the card's ``premiums`` (Oxford: 1.5x once).
    ``increment_hours``: hours past ``after_hours`` are billed in blocks of this many hours
    (rounded up: "in 2-hour minimums past 8")."""

    after_hours: Decimal
    multiplier: Decimal | None = None
    kind: str = OVERTIME_MULTIPLIER
    amount: Decimal | None = None
    compounds: bool = True
    increment_hours: Decimal | None = None


@dataclass(frozen=True)
class Effect:
    kind: str = EFFECT_NONE
    tier: str | None = None  # EFFECT_MINIMUM_TIER
    category: str | None = None  # EFFECT_RATE_CATEGORY
    multiplier: Decimal | None = None  # EFFECT_MULTIPLIER
    amount: Decimal | None = None  # EFFECT_SURCHARGE: added to officer pay per hour


@dataclass(frozen=True)
class DateRange:
    name: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class CalendarRule:
    """Dates that change the price: named holidays, weekdays, agency-added dates and ranges."""

    code: str  # "holiday", "high_demand", "weekend"
    name: str  # shown in quotes: "Holiday"
    effect: Effect
    holidays: tuple[str, ...] = ()  # keys from agencies.pricing.holidays.HOLIDAY_RULES
    country_calendar: str | None = None  # "US" or "US-LA": every date of the holidays package
    weekdays: tuple[int, ...] = ()  # 0 = Monday ... 6 = Sunday
    dates: tuple[DateRange, ...] = ()  # agency-added dates and high-demand periods
    mode: str = MODE_HOURS_ON_DATE
    rules: tuple[str, ...] = ()  # rule IDs quoted in lines ("NOPD-HOL-1")
    # a time band: only the hours inside this local daily window (may wrap past midnight), of a
    # window starting on a matching day (a rule naming no days matches every day): "nights
    # 17:00-07:00"; None: the whole day
    window_start: time | None = None
    window_end: time | None = None
    padding: str = PADDING_BAND  # the band of hours added by the minimum (PADDINGS)


@dataclass(frozen=True)
class NoticeRule:
    """A request made less than ``within_hours`` before a shift starts."""

    code: str  # "short_notice", "emergency"
    name: str
    within_hours: Decimal
    effect: Effect = field(default_factory=Effect)
    requires_approval: bool = False
    refuse: bool = False  # too late to accept at all
    warning: str = ""  # shown before submitting
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddOn:
    code: str  # "vehicle", "alcohol", "night"
    name: str
    kind: str  # ADDON_PER_OFFICER_HOUR, ADDON_PER_OFFICER_SHIFT, ADDON_PER_SHIFT, ADDON_PER_JOB
    amount: Decimal
    accrues_to: str = ACCRUES_OTHER
    automatic: bool = False  # applied without being asked for (night differential)
    window_start: time | None = None  # per-hour add-ons limited to a time of day (22:00)
    window_end: time | None = None  # (06:00; may wrap past midnight)
    weekdays: tuple[int, ...] = ()  # the window only on these days (0 = Monday; the day it
    # starts on: a weekday night band 17:00-07:00 is (0, 1, 2, 3, 4)); empty: every day
    description: str = ""
    rules: tuple[str, ...] = ()
    # the quantity kinds (ADDON_PER_UNIT_SHIFT, ADDON_PER_UNIT_HOUR): the customer chooses how
    # many ("2 cruisers"); ``unit`` names one ("cruiser"), ``max_quantity`` bounds the choice
    # (None: DEFAULT_MAX_QUANTITY)
    unit: str = ""
    max_quantity: int | None = None
    first_hour_amount: Decimal | None = None  # ADDON_PER_UNIT_HOUR: the first hour of each unit
    unit_hours: str = UNIT_HOURS_BILLED  # ADDON_PER_UNIT_HOUR: billed or elapsed hours

    @property
    def takes_quantity(self) -> bool:
        return self.kind in QUANTITY_KINDS

    @property
    def most(self) -> int:
        """The largest quantity a customer may ask for."""
        return self.max_quantity if self.max_quantity is not None else DEFAULT_MAX_QUANTITY


@dataclass(frozen=True)
class SupervisionRow:
    """``min_officers``..``max_officers`` simultaneous officers need ``supervisors`` of ``rank``."""

    min_officers: int
    max_officers: int | None
    supervisors: int
    rank: str
    counts_toward_requested: bool = False  # True: the supervisor is one of the officers asked for
    rate_category: str | None = None  # priced from this category instead of the job's
    example: bool = False


@dataclass(frozen=True)
class SupervisionRatio:
    """1 supervisor of ``rank`` per ``per_officers`` simultaneous officers (rounded up), once at
    least ``from_officers`` are on site at once: 12 officers at 1 per 5 need 3."""

    rank: str
    per_officers: int
    from_officers: int = 1
    counts_toward_requested: bool = False  # True: the supervisors are among the officers asked for
    rate_category: str | None = None  # priced from this category instead of the job's
    example: bool = False


@dataclass(frozen=True)
class Supervision:
    rows: tuple[SupervisionRow, ...] = ()
    ratios: tuple[SupervisionRatio, ...] = ()  # besides (or instead of) the table
    senior_officer_responsible: bool = True  # without supervisors, the most senior is in charge
    rules: tuple[str, ...] = ()
    example: bool = False


@dataclass(frozen=True)
class ChargeComponent:
    kind: str  # CHARGE_*
    hours: Decimal | None = None  # CHARGE_ADMIN_FEES_FIRST_HOURS, CHARGE_HOURS_PER_OFFICER
    amount: Decimal | None = None  # CHARGE_FLAT


@dataclass(frozen=True)
class CancellationRule:
    """Applies to a customer's cancellation or reduction at ``stage``, when made less than
    ``within_hours`` before the start (None: any time). Of the rules that apply, the one with the
    smallest window wins."""

    code: str
    name: str
    stage: str  # CANCEL_BEFORE_APPROVAL or CANCEL_AFTER_APPROVAL
    within_hours: Decimal | None = None
    job_types: tuple[str, ...] = ()  # empty: every job type
    charges: tuple[ChargeComponent, ...] = ()  # empty: free
    inclusive: bool = False  # True: "at within_hours or less" (the boundary belongs to the window)
    after_start: bool = False  # True: only a cancellation after the start; wins when it applies
    description: str = ""
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cancellation:
    rules: tuple[CancellationRule, ...] = ()
    agency_cancel_free: bool = True  # police necessity: no charge, full refund (NOPD-CANCEL-1)
    agency_cancel_rules: tuple[str, ...] = ()  # rule IDs quoted for an agency's cancellation
    withdraw_cutoff_hours: Decimal = Decimal("24")  # officers may withdraw until this before start


@dataclass(frozen=True)
class PaymentTerms:
    kind: str = PAYMENT_PREPAY
    hours_before_start: int | None = 48  # PAYMENT_PREPAY
    net_days: int | None = None  # PAYMENT_NET
    methods: tuple[str, ...] = ("card", "ach", "check")
    rules: tuple[str, ...] = ()
    # PAYMENT_NET: a one-time fee of this percent of what is still owed once the invoice is
    # overdue (billing's late-fees sweep); None: no late fee
    late_fee_percent: Decimal | None = None


@dataclass(frozen=True)
class HourCaps:
    rolling_24h: Decimal | None = None  # at most this many hours in any 24 hours
    per_week: Decimal | None = None  # at most this many hours in a calendar week
    week_starts: int = 0  # 0 = Monday
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkCategory:
    slug: str
    name: str
    prohibited: bool = False
    reason: str = ""  # shown to customers when prohibited
    needs_review: bool = False  # "not sure": a coordinator decides
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateCard:
    agency: str  # the agency slug
    version: int
    effective_from: date
    currency: str
    time_zone: str
    base_rank: str
    ranks: tuple[Rank, ...]
    job_types: tuple[JobType, ...]
    rates: tuple[Rate, ...]
    fee: FeeRule
    tiers: tuple[Tier, ...] = ()
    default_tier: str | None = None
    categories: tuple[RateCategory, ...] = (RateCategory("regular", "Regular"),)
    minimum_hours: Decimal = Decimal("0")  # per officer per shift
    billing_blocks: tuple[BillingBlock, ...] = ()
    overtime: Overtime | None = None
    premiums: str = PREMIUMS_HIGHEST  # how the premiums of one hour combine
    max_shift_hours: Decimal | None = Decimal("16")  # None: no card maximum (the site bound)
    calendar: tuple[CalendarRule, ...] = ()
    notice: tuple[NoticeRule, ...] = ()
    # hours before the start at which a job's still open positions escalate to the coordinator;
    # empty: the site's default (72 and 24)
    unfilled_escalation_hours: tuple[int, ...] = ()
    add_ons: tuple[AddOn, ...] = ()
    supervision: Supervision = field(default_factory=Supervision)
    cancellation: Cancellation = field(default_factory=Cancellation)
    payment: PaymentTerms = field(default_factory=PaymentTerms)
    hour_caps: HourCaps = field(default_factory=HourCaps)
    work_categories: tuple[WorkCategory, ...] = ()
    rate_rules: tuple[str, ...] = ()  # rule IDs behind the base rates ("NOPD-RATE-1")
    minimum_rules: tuple[str, ...] = ()  # rule IDs behind the minimum ("ODM-MIN-1")
    highest_rate_rules: tuple[str, ...] = ()  # quoted when several rates applied ("ODM-RATE-2")
    notes: str = ""  # shown on the public rates page

"""Consistency checks of a rate card: every code it names exists, every vocabulary value is known,
money is never negative. ``validate_card`` raises ``DocumentError(path, message)`` at the first
problem, with a path into the card ("rates[3].tier") and a message an agency admin can act on."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from agencies.pricing import card as c
from agencies.pricing.holidays import HOLIDAY_RULES, valid_country_calendar


class DocumentError(ValueError):
    """A rate-card document or card that cannot be used; ``path`` says where."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


FEE_KINDS = (c.FEE_PER_HOUR, c.FEE_PERCENT, c.FEE_PER_JOB)
ROUNDINGS = (c.ROUND_HALF_UP, c.ROUND_UP, c.ROUND_DOWN, c.ROUND_NONE)
EFFECTS = (
    c.EFFECT_MINIMUM_TIER,
    c.EFFECT_RATE_CATEGORY,
    c.EFFECT_MULTIPLIER,
    c.EFFECT_SURCHARGE,
    c.EFFECT_NONE,
)
PREMIUMS = (c.PREMIUMS_HIGHEST, c.PREMIUMS_ADDITIVE, c.PREMIUMS_MULTIPLIER_ONCE)
OVERTIME_KINDS = (c.OVERTIME_MULTIPLIER, c.OVERTIME_SURCHARGE)
MODES = (c.MODE_HOURS_ON_DATE, c.MODE_WHOLE_SHIFT)
ADDON_KINDS = (
    c.ADDON_PER_OFFICER_HOUR,
    c.ADDON_PER_OFFICER_SHIFT,
    c.ADDON_PER_SHIFT,
    c.ADDON_PER_JOB,
    c.ADDON_PER_UNIT_SHIFT,
    c.ADDON_PER_UNIT_HOUR,
)
UNIT_HOURS = (c.UNIT_HOURS_BILLED, c.UNIT_HOURS_ELAPSED)
ACCRUALS = (c.ACCRUES_OFFICER, c.ACCRUES_FEE, c.ACCRUES_OTHER)
STAGES = (c.CANCEL_BEFORE_APPROVAL, c.CANCEL_AFTER_APPROVAL)
CHARGES = (
    c.CHARGE_ADMIN_FEES_FIRST_HOURS,
    c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM,
    c.CHARGE_HOURS_PER_OFFICER,
    c.CHARGE_MINIMUM_HOURS,
    c.CHARGE_FLAT,
    c.CHARGE_ALL_FEES,
)
PAYMENTS = (c.PAYMENT_PREPAY, c.PAYMENT_NET)
PRICINGS = (c.PRICING_HOURLY, c.PRICING_TASK)


def _one_of(path: str, value, allowed: Iterable, what: str) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed) or "none defined"
        raise DocumentError(path, f"unknown {what} {value!r} (one of: {listed})")


def _not_negative(path: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise DocumentError(path, "must not be negative")


MAX_ESCALATION_HOURS = 168  # the unfilled-positions sweep looks 7 days ahead


def _positive(path: str, value: Decimal | int | None) -> None:
    if value is not None and value <= 0:
        raise DocumentError(path, "must be more than zero")


def _unique(path: str, codes: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if not code:
            raise DocumentError(f"{path}[{i}]", f"{what} code is empty")
        if code in seen:
            raise DocumentError(f"{path}[{i}]", f"{what} {code!r} appears twice")
        seen.add(code)
    return seen


def validate_card(card: c.RateCard) -> None:
    """Raise ``DocumentError`` when ``card`` is inconsistent; return None when it is usable."""
    if not card.agency:
        raise DocumentError("agency", "is empty")
    if len(card.currency) != 3 or not card.currency.isalpha() or not card.currency.isupper():
        raise DocumentError("currency", "must be a 3-letter code such as USD")
    ranks = _unique("ranks", (r.code for r in card.ranks), "rank")
    if not ranks:
        raise DocumentError("ranks", "a card needs at least one rank")
    tiers = _unique("tiers", (t.code for t in card.tiers), "tier")
    categories = _unique("categories", (k.code for k in card.categories), "rate category")
    job_types = _unique("job_types", (j.code for j in card.job_types), "job type")
    if "regular" not in categories:
        raise DocumentError("categories", "the 'regular' rate category is required")
    if not job_types:
        raise DocumentError("job_types", "a card needs at least one job type")
    _one_of("base_rank", card.base_rank, ranks, "rank")
    if tiers:
        if card.default_tier is None:
            raise DocumentError("default_tier", "is required when the card has tiers")
        _one_of("default_tier", card.default_tier, tiers, "tier")
    elif card.default_tier is not None:
        raise DocumentError("default_tier", "must be empty: the card has no tiers")
    for i, job_type in enumerate(card.job_types):
        _one_of(f"job_types[{i}].pricing", job_type.pricing, PRICINGS, "pricing")
        _not_negative(f"job_types[{i}].minimum_hours", job_type.minimum_hours)
    _check_rates(card, ranks, tiers, categories)
    _check_fee(card.fee)
    _not_negative("minimum_hours", card.minimum_hours)
    if card.max_shift_hours is not None:
        _positive("max_shift_hours", card.max_shift_hours)
    for i, block in enumerate(card.billing_blocks):
        _not_negative(f"billing_blocks[{i}].over_hours", block.over_hours)
        _positive(f"billing_blocks[{i}].bill_hours", block.bill_hours)
    _check_premiums(card)
    _unique("calendar", (r.code for r in card.calendar), "calendar rule")
    for i, rule in enumerate(card.calendar):
        path = f"calendar[{i}]"
        _check_effect(f"{path}.effect", rule.effect, tiers, categories)
        _one_of(f"{path}.mode", rule.mode, MODES, "mode")
        for k, key in enumerate(rule.holidays):
            _one_of(f"{path}.holidays[{k}]", key, HOLIDAY_RULES, "holiday")
        if rule.country_calendar and not valid_country_calendar(rule.country_calendar):
            raise DocumentError(
                f"{path}.country_calendar", f"unknown calendar {rule.country_calendar!r}"
            )
        for k, day in enumerate(rule.weekdays):
            if not 0 <= day <= 6:
                raise DocumentError(f"{path}.weekdays[{k}]", "must be 0 (Monday) to 6 (Sunday)")
        for k, span in enumerate(rule.dates):
            if span.end < span.start:
                raise DocumentError(f"{path}.dates[{k}].end", "must not be before the start")
        _check_band(path, rule)
    _unique("notice", (r.code for r in card.notice), "notice rule")
    for i, rule in enumerate(card.notice):
        _positive(f"notice[{i}].within_hours", rule.within_hours)
        _check_effect(f"notice[{i}].effect", rule.effect, tiers, categories)
    for i, hours in enumerate(card.unfilled_escalation_hours):
        if not 1 <= hours <= MAX_ESCALATION_HOURS:
            raise DocumentError(
                f"unfilled_escalation_hours[{i}]", f"must be 1 to {MAX_ESCALATION_HOURS} hours"
            )
    if len(set(card.unfilled_escalation_hours)) != len(card.unfilled_escalation_hours):
        raise DocumentError("unfilled_escalation_hours", "must not repeat an hour")
    _unique("add_ons", (a.code for a in card.add_ons), "add-on")
    for i, add_on in enumerate(card.add_ons):
        path = f"add_ons[{i}]"
        _one_of(f"{path}.kind", add_on.kind, ADDON_KINDS, "add-on kind")
        _one_of(f"{path}.accrues_to", add_on.accrues_to, ACCRUALS, "accrual")
        _not_negative(f"{path}.amount", add_on.amount)
        if (add_on.window_start is None) != (add_on.window_end is None):
            raise DocumentError(
                f"{path}.window_end", "give both ends of the time window or neither"
            )
        for k, weekday in enumerate(add_on.weekdays):
            if not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise DocumentError(f"{path}.weekdays[{k}]", "a day is 0 (Monday) to 6 (Sunday)")
        if add_on.weekdays and add_on.window_start is None:
            raise DocumentError(f"{path}.weekdays", "days of the week need a time window")
        if add_on.window_start is not None and add_on.kind != c.ADDON_PER_OFFICER_HOUR:
            raise DocumentError(
                f"{path}.window_start", "a time window needs a per-officer-hour add-on"
            )
        _check_quantity(path, add_on)
    _check_supervision(card.supervision, ranks, categories)
    _check_cancellation(card.cancellation, job_types)
    _one_of("payment.kind", card.payment.kind, PAYMENTS, "payment kind")
    if card.payment.kind == c.PAYMENT_PREPAY and card.payment.hours_before_start is None:
        raise DocumentError("payment.hours_before_start", "is required for prepayment")
    if card.payment.kind == c.PAYMENT_NET and card.payment.net_days is None:
        raise DocumentError("payment.net_days", "is required for net terms")
    if card.payment.hours_before_start is not None and card.payment.hours_before_start < 0:
        raise DocumentError("payment.hours_before_start", "must not be negative")
    if card.payment.net_days is not None and card.payment.net_days < 0:
        raise DocumentError("payment.net_days", "must not be negative")
    late_fee = card.payment.late_fee_percent
    if late_fee is not None:
        if card.payment.kind != c.PAYMENT_NET:
            raise DocumentError("payment.late_fee_percent", "applies to net terms only")
        if not Decimal("0") < late_fee <= Decimal("25"):
            raise DocumentError("payment.late_fee_percent", "must be more than 0 and at most 25")
    _positive("hour_caps.rolling_24h", card.hour_caps.rolling_24h)
    _positive("hour_caps.per_week", card.hour_caps.per_week)
    if not 0 <= card.hour_caps.week_starts <= 6:
        raise DocumentError("hour_caps.week_starts", "must be 0 (Monday) to 6 (Sunday)")
    _unique("work_categories", (w.slug for w in card.work_categories), "work category")


def _check_rates(card: c.RateCard, ranks, tiers, categories) -> None:
    seen: set[tuple] = set()
    job_types = {j.code: j for j in card.job_types}
    for i, rate in enumerate(card.rates):
        path = f"rates[{i}]"
        _one_of(f"{path}.job_type", rate.job_type, job_types, "job type")
        if rate.rank is not None:
            _one_of(f"{path}.rank", rate.rank, ranks, "rank")
        uses_tiers = bool(tiers) and job_types[rate.job_type].uses_tiers
        if rate.tier is not None:
            if not uses_tiers:
                raise DocumentError(f"{path}.tier", "this job type is not priced by tier")
            _one_of(f"{path}.tier", rate.tier, tiers, "tier")
        elif uses_tiers:
            raise DocumentError(f"{path}.tier", "is required: this job type is priced by tier")
        _one_of(f"{path}.category", rate.category, categories, "rate category")
        _not_negative(f"{path}.officer_pay", rate.officer_pay)
        key = (rate.job_type, rate.rank, rate.tier, rate.category)
        if key in seen:
            raise DocumentError(path, "the same rate appears twice")
        seen.add(key)
    # every job type has its regular rate for the base rank at every tier it offers
    for job_type in card.job_types:
        wanted = sorted(tiers) if tiers and job_type.uses_tiers else [None]
        for tier in wanted:
            if (job_type.code, card.base_rank, tier, "regular") not in seen and (
                job_type.code,
                None,
                tier,
                "regular",
            ) not in seen:
                tier_text = f" at tier {tier!r}" if tier else ""
                raise DocumentError(
                    "rates",
                    f"no regular rate for rank {card.base_rank!r}{tier_text} on job type "
                    f"{job_type.code!r}",
                )


def _check_fee(fee: c.FeeRule) -> None:
    _one_of("fee.kind", fee.kind, FEE_KINDS, "fee kind")
    _one_of("fee.rounding", fee.rounding, ROUNDINGS, "rounding")
    _not_negative("fee.amount", fee.amount)
    _not_negative("fee.percent", fee.percent)
    _not_negative("fee.cap", fee.cap)
    _not_negative("fee.per_officer", fee.per_officer)


def _check_effect(path: str, effect: c.Effect, tiers, categories) -> None:
    _one_of(f"{path}.kind", effect.kind, EFFECTS, "effect")
    if effect.kind == c.EFFECT_MINIMUM_TIER:
        _one_of(f"{path}.tier", effect.tier, tiers, "tier")
    elif effect.kind == c.EFFECT_RATE_CATEGORY:
        _one_of(f"{path}.category", effect.category, categories, "rate category")
    elif effect.kind == c.EFFECT_MULTIPLIER:
        if effect.multiplier is None:
            raise DocumentError(f"{path}.multiplier", "is required")
        _positive(f"{path}.multiplier", effect.multiplier)
    elif effect.kind == c.EFFECT_SURCHARGE:
        if effect.amount is None:
            raise DocumentError(f"{path}.amount", "is required: the amount added per hour")
        _positive(f"{path}.amount", effect.amount)


def _check_band(path: str, rule: c.CalendarRule) -> None:
    """A time band ("nights 17:00-07:00"): both ends, not the same time, hours on the date."""
    if (rule.window_start is None) != (rule.window_end is None):
        raise DocumentError(f"{path}.window_end", "give both ends of the time band or neither")
    if rule.padding not in c.PADDINGS:
        raise DocumentError(
            f"{path}.padding",
            f"must be one of {', '.join(c.PADDINGS)} (hours added by the minimum: the band of "
            "the hours they extend, the regular rate, or the band of the shift's start)",
        )
    if rule.window_start is None:
        if rule.padding != c.PADDING_BAND:
            raise DocumentError(
                f"{path}.padding", "only a time band says how hours added by the minimum price"
            )
        return
    if rule.window_start == rule.window_end:
        raise DocumentError(
            f"{path}.window_end", "the band must end at another time than it starts"
        )
    if rule.mode != c.MODE_HOURS_ON_DATE:
        raise DocumentError(
            f"{path}.mode", "a time band prices the hours inside it: use hours_on_date"
        )


def _check_premiums(card: c.RateCard) -> None:
    """How premiums combine, and overtime (docs/rate-cards.md): an additive card adds amounts
    per hour, a multiplier-once card applies one multiplier; each says so when a premium does
    not fit."""
    _one_of("premiums", card.premiums, PREMIUMS, "way to combine premiums")
    rules = [(f"calendar[{i}]", r) for i, r in enumerate(card.calendar)]
    rules += [(f"notice[{i}]", r) for i, r in enumerate(card.notice)]
    for path, rule in rules:
        kind = rule.effect.kind
        if card.premiums == c.PREMIUMS_ADDITIVE and kind == c.EFFECT_MULTIPLIER:
            raise DocumentError(
                f"{path}.effect.kind",
                f"{rule.name}: premiums here add up as amounts per hour; give it a surcharge "
                "per hour, not a multiplier (or let one multiplier apply once)",
            )
        if card.premiums == c.PREMIUMS_MULTIPLIER_ONCE and kind == c.EFFECT_SURCHARGE:
            raise DocumentError(
                f"{path}.effect.kind",
                f"{rule.name}: premiums here are one multiplier applied once; give it a "
                "multiplier such as 1.5, not an amount per hour (or let surcharges add up)",
            )
    overtime = card.overtime
    if overtime is None:
        return
    _not_negative("overtime.after_hours", overtime.after_hours)
    _one_of("overtime.kind", overtime.kind, OVERTIME_KINDS, "kind of overtime")
    if overtime.kind == c.OVERTIME_MULTIPLIER:
        if overtime.multiplier is None:
            raise DocumentError(
                "overtime.multiplier", "is required: overtime pays officer pay x this"
            )
        _positive("overtime.multiplier", overtime.multiplier)
    else:
        if overtime.amount is None:
            raise DocumentError("overtime.amount", "is required: the amount added per hour")
        _positive("overtime.amount", overtime.amount)
    if overtime.increment_hours is not None:
        _positive("overtime.increment_hours", overtime.increment_hours)


def _check_quantity(path: str, add_on: c.AddOn) -> None:
    """The quantity fields of an add-on (PLAT-ADDON-1, PLAT-LIMIT-1)."""
    _one_of(f"{path}.unit_hours", add_on.unit_hours, UNIT_HOURS, "way of counting hours")
    _not_negative(f"{path}.first_hour_amount", add_on.first_hour_amount)
    if not add_on.takes_quantity:
        if add_on.max_quantity is not None:
            raise DocumentError(
                f"{path}.max_quantity", "only an add-on priced per unit takes a quantity"
            )
        if add_on.first_hour_amount is not None:
            raise DocumentError(
                f"{path}.first_hour_amount", "a first-hour price needs a per-unit-hour add-on"
            )
        return
    if add_on.automatic:
        raise DocumentError(
            f"{path}.automatic", "an add-on priced per unit is asked for by the customer"
        )
    if add_on.first_hour_amount is not None and add_on.kind != c.ADDON_PER_UNIT_HOUR:
        raise DocumentError(
            f"{path}.first_hour_amount", "a first-hour price needs a per-unit-hour add-on"
        )
    if add_on.max_quantity is not None and not 1 <= add_on.max_quantity <= c.MAX_QUANTITY:
        raise DocumentError(
            f"{path}.max_quantity", f"must be a whole number from 1 to {c.MAX_QUANTITY}"
        )


def _check_ratios(supervision: c.Supervision, ranks, categories) -> None:
    """1 supervisor per N officers (PLAT-SUP-2): one ratio per rank, never beside table rows of
    the same rank (the two would each add supervisors for one crowd)."""
    in_table = {row.rank for row in supervision.rows}
    seen: set[str] = set()
    for i, ratio in enumerate(supervision.ratios):
        path = f"supervision.ratios[{i}]"
        _one_of(f"{path}.rank", ratio.rank, ranks, "rank")
        if ratio.per_officers < 1:
            raise DocumentError(f"{path}.per_officers", "must be at least 1 officer")
        if ratio.from_officers < 1:
            raise DocumentError(f"{path}.from_officers", "must be at least 1 officer")
        if ratio.rate_category is not None:
            _one_of(f"{path}.rate_category", ratio.rate_category, categories, "rate category")
        if ratio.rank in in_table:
            raise DocumentError(
                f"{path}.rank",
                f"rank {ratio.rank!r} already has rows in the supervisory table: give it a "
                "table or a ratio, not both",
            )
        if ratio.rank in seen:
            raise DocumentError(f"{path}.rank", f"rank {ratio.rank!r} has two ratios")
        seen.add(ratio.rank)


def _check_supervision(supervision: c.Supervision, ranks, categories) -> None:
    _check_ratios(supervision, ranks, categories)
    by_rank: dict[str, list[tuple[int, float]]] = {}
    for i, row in enumerate(supervision.rows):
        path = f"supervision.rows[{i}]"
        _one_of(f"{path}.rank", row.rank, ranks, "rank")
        if row.min_officers < 1:
            raise DocumentError(f"{path}.min_officers", "must be at least 1")
        if row.max_officers is not None and row.max_officers < row.min_officers:
            raise DocumentError(f"{path}.max_officers", "must not be below min_officers")
        if row.supervisors < 1:
            raise DocumentError(f"{path}.supervisors", "must be at least 1")
        if row.rate_category is not None:
            _one_of(f"{path}.rate_category", row.rate_category, categories, "rate category")
        high = float("inf") if row.max_officers is None else row.max_officers
        for low, other_high in by_rank.get(row.rank, []):
            if row.min_officers <= other_high and low <= high:
                raise DocumentError(path, f"overlaps another row for rank {row.rank!r}")
        by_rank.setdefault(row.rank, []).append((row.min_officers, high))


def _check_cancellation(cancellation: c.Cancellation, job_types) -> None:
    _unique("cancellation.rules", (r.code for r in cancellation.rules), "cancellation rule")
    _not_negative("cancellation.withdraw_cutoff_hours", cancellation.withdraw_cutoff_hours)
    for i, rule in enumerate(cancellation.rules):
        path = f"cancellation.rules[{i}]"
        _one_of(f"{path}.stage", rule.stage, STAGES, "stage")
        _positive(f"{path}.within_hours", rule.within_hours)
        if rule.after_start and rule.within_hours is not None:
            raise DocumentError(
                f"{path}.within_hours",
                "a window for cancelling after the start takes no hours (leave it empty)",
            )
        for k, code in enumerate(rule.job_types):
            _one_of(f"{path}.job_types[{k}]", code, job_types, "job type")
        for k, charge in enumerate(rule.charges):
            sub = f"{path}.charges[{k}]"
            _one_of(f"{sub}.kind", charge.kind, CHARGES, "charge")
            if charge.kind in (c.CHARGE_ADMIN_FEES_FIRST_HOURS, c.CHARGE_HOURS_PER_OFFICER):
                if charge.hours is None:
                    raise DocumentError(f"{sub}.hours", "is required for this charge")
                _positive(f"{sub}.hours", charge.hours)
            if charge.kind == c.CHARGE_FLAT:
                if charge.amount is None:
                    raise DocumentError(f"{sub}.amount", "is required for a flat charge")
                _not_negative(f"{sub}.amount", charge.amount)

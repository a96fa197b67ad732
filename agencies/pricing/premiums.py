"""Premiums: which calendar, time-band, notice and overtime premiums apply to an hour, and how
they combine into the rate it is priced at (docs/rate-cards.md, "How premiums combine").

Pure, like the engine. A premium is a rule's effect: a *replacement* (a minimum tier or another
rate category: the rate the hour is priced from), a *multiplier* of officer pay or a *surcharge*
(an amount added to officer pay per hour). The card's ``premiums`` says how those of one hour
combine:

- ``highest`` (the default, ODM-RATE-2): every premium is a candidate rate beside the base; the
  highest customer rate (officer pay + admin fee per hour) wins, a tie keeps the base.
- ``additive``: the hour is priced from the highest of the base and the replacements, plus every
  surcharge that applies ("+$5/h nights" and "+$10/h holidays" on a holiday night: +$15/h).
- ``multiplier_once``: the highest of the base and the replacements times the highest multiplier
  that applies, once, whatever the reasons (a weekend night on a holiday is 1.5x, not 3.375x),
  plus any surcharges.

Multipliers are rounded half-up to the cent. Overtime (``card.overtime``) multiplies officer pay
or adds an amount per hour. When it ``compounds`` it applies on top of the combined rate
(Grafton: time and a half of the night rate); otherwise it is one more premium of the hour,
combined like the others (Oxford: overtime, a night and a holiday are still 1.5x once; under
``highest``: the higher of the premium rate and the overtime rate). The admin fee follows the
card's fee rule for the final officer pay.

Each combined rate names its premiums in words (``Choice.name``): "Regular x 1.5 (night,
holiday)", "Regular + $5.00/h night + $10.00/h holiday", "Overtime (1.5x) on Premium", so a quote
line says what priced its hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from agencies.pricing import card as c
from agencies.pricing.holidays import label_on
from agencies.pricing.money import CENT, dollars, hourly_fee, hours_of
from agencies.pricing.types import QuoteError

if TYPE_CHECKING:
    from agencies.pricing.index import CardIndex

_ONE_DAY = timedelta(days=1)
_ONE = Decimal("1")
NO_CALENDAR = ((), {})


@dataclass(frozen=True, slots=True, eq=False)
class Choice:
    """The rate an officer-hour is priced at, and why."""

    officer_pay: Decimal
    admin_fee: Decimal
    name: str  # "Tier 3", "Holiday", "Tier 3 (holiday minimum)", "Overtime (1.5x)"
    rules: tuple[str, ...]
    rank: str
    tier: str | None
    category: str
    source: int  # -1 the base rate; >= 0 a calendar rule; <= -2 notice rule (-2 - index)
    example: bool = False
    overtime: bool = False
    sources: tuple[int, ...] = ()  # every premium that priced the hour (combined premiums)

    @property
    def customer_rate(self) -> Decimal:
        return self.officer_pay + self.admin_fee

    @property
    def priced_by(self) -> tuple[int, ...]:
        return self.sources or (self.source,)


def mult_text(value: Decimal) -> str:
    """1.50 -> "1.5"."""
    return format(value.normalize(), "f")


def _times(pay: Decimal, multiplier: Decimal) -> Decimal:
    return (pay * multiplier).quantize(CENT, ROUND_HALF_UP)


# --- which premiums apply: calendar days and time bands ----------------------------------------


def is_band(rule: c.CalendarRule) -> bool:
    return rule.window_start is not None and rule.window_end is not None


def band_day_label(rule: c.CalendarRule, day) -> str | None:
    """Whether a band of ``rule`` starts on local ``day``: its words, or None."""
    names_days = rule.holidays or rule.country_calendar or rule.dates or rule.weekdays
    if names_days and label_on(rule, day) is None:
        return None
    return rule.name


def band_spans(ix: CardIndex, start: datetime, end: datetime):
    """(rule index, band start, band end, words) of every time band overlapping [start, end)."""
    spans = []
    if not ix.bands:
        return spans
    tz = ix.tz
    first = start.astimezone(tz).date() - _ONE_DAY
    last = end.astimezone(tz).date()
    for i in ix.bands:
        rule = ix.card.calendar[i]
        day = first
        while day <= last:
            label = band_day_label(rule, day)
            if label is not None:
                w0 = datetime.combine(day, rule.window_start, tzinfo=tz).astimezone(UTC)
                end_day = day if rule.window_end > rule.window_start else day + _ONE_DAY
                w1 = datetime.combine(end_day, rule.window_end, tzinfo=tz).astimezone(UTC)
                if w0 < end and w1 > start:
                    spans.append((i, w0, w1, label))
            day += _ONE_DAY
    return spans


def band_bounds(ix: CardIndex, start: datetime, end_billed: datetime) -> list:
    """(hours from the start, instant) of every band edge strictly inside the billed timeline."""
    bounds = []
    for _, w0, w1, _ in band_spans(ix, start, end_billed):
        for moment in (w0, w1):
            if start < moment < end_billed:
                bounds.append((hours_of(moment - start), moment))
    return bounds


def calendar_for(ix: CardIndex, pieces):
    """Per piece of a shift's billed timeline: (rule indices that apply, {rule index: why in
    words}). Day rules match the piece's local date (whole-shift rules every piece once any
    matches); time bands match the instant the piece begins."""
    per_day = [ix.day_rules(piece[4]) for piece in pieces]
    spans = band_spans(ix, pieces[0][2], pieces[-1][3]) if ix.bands else ()
    if not spans and not any(per_day):
        return [NO_CALENDAR] * len(pieces)
    whole: dict[int, str] = {}
    if ix.whole_shift:
        for matched in per_day:
            for i, label in matched:
                if i in ix.whole_shift:
                    whole.setdefault(i, label)
    padded = _padded_bands(ix, spans, pieces[0][2]) if pieces[-1][5] else {}
    result = []
    for piece, matched in zip(pieces, per_day, strict=True):
        labels = dict(whole)
        for i, label in matched:
            if i not in ix.whole_shift:
                labels[i] = label
        t0 = piece[2]
        is_padding = piece[5]
        for i, w0, w1, label in spans:
            if is_padding and i in padded:
                continue
            if w0 <= t0 < w1:
                labels.setdefault(i, label)
        if is_padding:
            for i, label in padded.items():
                if label is not None:
                    labels.setdefault(i, label)
        result.append((tuple(sorted(labels)), labels))
    return result


def _padded_bands(ix: CardIndex, spans, start: datetime) -> dict[int, str | None]:
    """The bands whose card says how hours added by the minimum price (PLAT-PREMIUM-1), other
    than by the band they fall in: {rule index: its words when the padded hours take it, None
    when they do not}. ``regular``: never; ``start``: when the shift starts inside the band."""
    calendar = ix.card.calendar
    padded: dict[int, str | None] = {}
    for i, w0, w1, label in spans:
        padding = calendar[i].padding
        if padding == c.PADDING_REGULAR:
            padded[i] = None
        elif padding == c.PADDING_START:
            if w0 <= start < w1:
                padded[i] = label
            else:
                padded.setdefault(i, None)
    return padded


def overtime_billed(overtime: c.Overtime | None, billed: Decimal) -> Decimal:
    """Billed hours once overtime is billed in increments (hours past ``after_hours`` rounded up
    to whole increments: 9 h with "2-hour minimums past 8" bills 10)."""
    if overtime is None or not overtime.increment_hours or billed <= overtime.after_hours:
        return billed
    past = billed - overtime.after_hours
    step = overtime.increment_hours
    blocks = (past / step).to_integral_value(rounding="ROUND_CEILING")
    return (overtime.after_hours + blocks * step).quantize(CENT)


def overtime_words(overtime: c.Overtime) -> str:
    """ "1.5x" or "+$5.00/h"."""
    if overtime.kind == c.OVERTIME_SURCHARGE:
        return f"+{dollars(overtime.amount or Decimal(0))}/h"
    return f"{mult_text(overtime.multiplier or _ONE)}x"


# --- how they combine --------------------------------------------------------------------------


class _Premium:
    __slots__ = ("kind", "value", "source", "rule", "choice")

    def __init__(self, kind, value, source, rule, choice=None):
        self.kind = kind  # "replace", "multiply", "add"
        self.value = value  # Decimal (multiplier or amount)
        self.source = source
        self.rule = rule  # the calendar or notice rule (None: overtime)
        self.choice = choice  # the replacement's rate


def make(ix: CardIndex, job_type, rank, tier, category, rate, pay, name, source, extra_rules):
    rules = [*ix.card.rate_rules, *job_type.rules, *extra_rules]
    return Choice(
        officer_pay=pay,
        admin_fee=hourly_fee(ix.card.fee, pay),
        name=name,
        rules=tuple(dict.fromkeys(rules)),
        rank=rank,
        tier=tier,
        category=category,
        source=source,
        example=rate.example or job_type.example,
    )


def base_name(ix: CardIndex, tier: str | None, category: str, plain_category: bool) -> str:
    category_name = ix.categories[category].name if category in ix.categories else category
    if tier is None:
        return category_name
    tier_name = ix.tiers[tier].name
    return tier_name if plain_category else f"{category_name} ({tier_name})"


def _premiums(ix: CardIndex, job_type, rank, tier, category, calendar, notice):
    """The base rate and the premiums that apply, in the card's order."""
    card = ix.card
    rate = ix.rate(job_type.code, rank, tier, category)
    if rate is None:
        rank_name = ix.ranks[rank].name if rank in ix.ranks else rank
        tier_text = f" at {ix.tiers[tier].name}" if tier in ix.tiers else ""
        raise QuoteError(
            "rank", f"There is no rate for a {rank_name}{tier_text} on a {job_type.name} job."
        )
    name = base_name(ix, tier, category, category == "regular")
    base = make(ix, job_type, rank, tier, category, rate, rate.officer_pay, name, -1, ())
    effects = [(i, card.calendar[i]) for i in calendar]
    effects += [(-2 - i, card.notice[i]) for i in notice]
    found = []
    for source, rule in effects:
        effect = rule.effect
        # a replacement: (tier, category, its rate, the line's rate name) or None
        replacement = None
        if effect.kind == c.EFFECT_MINIMUM_TIER and tier is not None:
            wanted = ix.tiers.get(effect.tier or "")
            if wanted is not None and wanted.level > ix.tiers[tier].level:
                other = ix.rate(job_type.code, rank, wanted.code, category)
                label = f"{wanted.name} ({rule.name.lower()} minimum)"
                replacement = (wanted.code, category, other, label)
        elif effect.kind == c.EFFECT_RATE_CATEGORY and effect.category:
            other = ix.rate(job_type.code, rank, tier, effect.category)
            label = base_name(ix, tier, effect.category, False)
            if tier is None:
                label = ix.categories[effect.category].name
            replacement = (tier, effect.category, other, label)
        elif effect.kind == c.EFFECT_MULTIPLIER and effect.multiplier is not None:
            found.append(_Premium("multiply", effect.multiplier, source, rule))
        elif effect.kind == c.EFFECT_SURCHARGE and effect.amount is not None:
            found.append(_Premium("add", effect.amount, source, rule))
        if replacement is not None and replacement[2] is not None:
            at_tier, at_category, other, label = replacement
            pay = other.officer_pay
            choice = make(
                ix, job_type, rank, at_tier, at_category, other, pay, label, source, rule.rules
            )
            found.append(_Premium("replace", None, source, rule, choice))
    return base, rate, found


def _with(choice: Choice, **changes) -> Choice:
    fields = {name: getattr(choice, name) for name in Choice.__slots__}
    fields.update(changes)
    return Choice(**fields)


def _highest(ix, job_type, base, rate, found, overtime_premium) -> Choice:
    """ODM-RATE-2: the highest customer rate among the base and each premium alone."""
    best = base
    candidates = 0
    for premium in [*found, *([overtime_premium] if overtime_premium else [])]:
        if premium.kind == "replace":
            candidate = premium.choice
        else:
            rule = premium.rule
            if premium.kind == "multiply":
                pay = _times(rate.officer_pay, premium.value)
                why = f"x {mult_text(premium.value)}"
            else:
                pay = rate.officer_pay + premium.value
                why = f"+ {dollars(premium.value)}/h"
            if rule is None:
                label = f"Overtime ({overtime_words(ix.card.overtime)})"
                rules = ()
            else:
                label = f"{base.name} {why} ({rule.name.lower()})"
                rules = rule.rules
            candidate = make(
                ix,
                job_type,
                base.rank,
                base.tier,
                base.category,
                rate,
                pay,
                label,
                premium.source,
                rules,
            )
            if rule is None:
                candidate = _with(candidate, overtime=True)
        candidates += 1
        if candidate.customer_rate > best.customer_rate:
            best = candidate
    if candidates > 1 and ix.card.highest_rate_rules:
        best = _with(best, rules=tuple(dict.fromkeys((*best.rules, *ix.card.highest_rate_rules))))
    return best


def _combined(ix, job_type, base, found, overtime_premium) -> Choice:
    """additive and multiplier_once: the highest replacement (or the base), times the highest
    multiplier once, plus every surcharge."""
    start = base
    for premium in found:
        if premium.kind == "replace" and premium.choice.customer_rate > start.customer_rate:
            start = premium.choice
    everything = [*found, *([overtime_premium] if overtime_premium else [])]
    multipliers = [p for p in everything if p.kind == "multiply"]
    surcharges = [p for p in everything if p.kind == "add"]
    if not multipliers and not surcharges:
        return start
    pay = start.officer_pay
    name = start.name
    rules = list(start.rules)
    sources = [start.source] if start.source != -1 else []
    if multipliers:
        top = max(p.value for p in multipliers)
        why = [p for p in multipliers if p.value == top]
        pay = _times(pay, top)
        reasons = ", ".join(_reason(p) for p in why)
        name = f"{name} x {mult_text(top)} ({reasons})"
        for p in why:
            rules.extend(p.rule.rules if p.rule is not None else ())
            sources.append(p.source)
    for p in surcharges:
        pay += p.value
        name += f" + {dollars(p.value)}/h {_reason(p)}"
        rules.extend(p.rule.rules if p.rule is not None else ())
        sources.append(p.source)
    return Choice(
        officer_pay=pay,
        admin_fee=hourly_fee(ix.card.fee, pay),
        name=name,
        rules=tuple(dict.fromkeys(rules)),
        rank=start.rank,
        tier=start.tier,
        category=start.category,
        source=sources[0] if sources else -1,
        example=start.example,
        overtime=overtime_premium is not None,
        sources=tuple(dict.fromkeys(sources)),
    )


def _reason(premium: _Premium) -> str:
    if premium.rule is None:
        return "overtime"
    name = premium.rule.name
    return name[:1].lower() + name[1:]


def compound_overtime(ix: CardIndex, choice: Choice) -> Choice:
    """Overtime on top of ``choice`` (the card's overtime compounds): officer pay x multiplier
    (half-up to the cent) or + amount, the fee recomputed by the fee rule."""
    overtime = ix.card.overtime
    if overtime.kind == c.OVERTIME_SURCHARGE:
        pay = choice.officer_pay + (overtime.amount or Decimal(0))
    else:
        pay = _times(choice.officer_pay, overtime.multiplier or _ONE)
    name = f"Overtime ({overtime_words(overtime)})"
    if choice.source != -1 or choice.sources:
        name += f" on {choice.name}"
    return Choice(
        officer_pay=pay,
        admin_fee=hourly_fee(ix.card.fee, pay),
        name=name,
        rules=choice.rules,
        rank=choice.rank,
        tier=choice.tier,
        category=choice.category,
        source=choice.source,
        example=choice.example,
        overtime=True,
        sources=choice.sources,
    )


def choose(ix: CardIndex, job_type, rank, tier, category, calendar, notice, overtime) -> Choice:
    """The rate of one officer-hour: the base (chosen tier, ``category``) with the premiums of
    the calendar rules and notice rules that apply, combined by the card's ``premiums``; with
    overtime when ``overtime`` (see the module notes)."""
    card = ix.card
    base, rate, found = _premiums(ix, job_type, rank, tier, category, calendar, notice)
    ot = card.overtime if overtime else None
    ot_premium = None
    if ot is not None and not ot.compounds:
        if ot.kind == c.OVERTIME_SURCHARGE:
            ot_premium = _Premium("add", ot.amount or Decimal(0), -1, None)
        else:
            ot_premium = _Premium("multiply", ot.multiplier or _ONE, -1, None)
    if card.premiums == c.PREMIUMS_HIGHEST:
        choice = _highest(ix, job_type, base, rate, found, ot_premium)
    else:
        choice = _combined(ix, job_type, base, found, ot_premium)
    if ot is not None and ot.compounds:
        choice = compound_overtime(ix, choice)
    elif ot is not None and not choice.overtime:
        choice = _with(choice, overtime=True)
    return choice

"""Lookups the engine needs, computed once per rate card and kept while the card lives.

A card is frozen, so whatever is derived from it never goes stale. The cache is keyed by the
card object's identity (a weak reference drops the entry with the card): hashing a whole card on
every quote would cost more than the quote. Equal cards built separately (a card read back from
its JSON) share one index through a small hash-keyed cache.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from agencies.pricing import holidays as cal
from agencies.pricing.money import CENT, hourly_fee, hours_of
from agencies.pricing.timefmt import range_text
from agencies.pricing.types import QuoteError

_MAX_MEMO = 20_000  # entries per memo before it is cleared (bounded memory)


def _mult_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


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

    @property
    def customer_rate(self) -> Decimal:
        return self.officer_pay + self.admin_fee


class CardIndex:
    """Per-card lookups and memos (rates, holiday dates, local midnights, rate choices)."""

    def __init__(self, card: c.RateCard):
        self.card = card
        self.tz = ZoneInfo(card.time_zone)
        self.ranks = {r.code: r for r in card.ranks}
        self.tiers = {t.code: t for t in card.tiers}
        self.categories = {k.code: k for k in card.categories}
        self.job_types = {j.code: j for j in card.job_types}
        self.rates: dict[tuple, c.Rate] = {}
        for rate in card.rates:
            self.rates.setdefault((rate.job_type, rate.rank, rate.tier, rate.category), rate)
        self.add_ons = {a.code: a for a in card.add_ons}
        self.optional_add_ons = {a.code: a for a in card.add_ons if not a.automatic}
        self.automatic_add_ons = tuple(a for a in card.add_ons if a.automatic)
        self.notice = tuple(
            (i, rule, timedelta(hours=float(rule.within_hours)))
            for i, rule in enumerate(card.notice)
        )
        self.max_shift = (
            None if card.max_shift_hours is None else timedelta(hours=float(card.max_shift_hours))
        )
        self.whole_shift = frozenset(
            i for i, rule in enumerate(card.calendar) if rule.mode == c.MODE_WHOLE_SHIFT
        )
        self._midnights: dict[date, datetime] = {}
        self._days: dict[date, tuple[tuple[int, str], ...]] = {}
        self._choices: dict[tuple, Choice] = {}
        self._overtime: dict[int, tuple[Choice, Choice]] = {}
        self._rows: dict[int, tuple[c.SupervisionRow, ...]] = {}
        self._frames: dict[tuple[datetime, datetime], tuple] = {}
        self._ranges: dict[tuple[datetime, datetime], str] = {}
        self._hours: dict[timedelta, Decimal] = {}

    # --- time --------------------------------------------------------------------------------

    def midnight(self, day: date) -> datetime:
        """The UTC instant local ``day`` begins (00:00 agency time)."""
        found = self._midnights.get(day)
        if found is None:
            if len(self._midnights) > _MAX_MEMO:
                self._midnights.clear()
            local = datetime.combine(day, time(0), tzinfo=self.tz)
            found = self._midnights[day] = local.astimezone(UTC)
        return found

    def hours(self, length: timedelta) -> Decimal:
        """``money.hours_of(length)``, remembered (shift lengths repeat)."""
        found = self._hours.get(length)
        if found is None:
            if len(self._hours) > _MAX_MEMO:
                self._hours.clear()
            found = self._hours[length] = hours_of(length)
        return found

    def frame(self, start: datetime, end: datetime) -> tuple[datetime, datetime, date, datetime]:
        """(local start, local end, local date of the start, UTC instant of the next local
        midnight after the start) for a shift."""
        key = (start, end)
        found = self._frames.get(key)
        if found is None:
            if len(self._frames) > _MAX_MEMO:
                self._frames.clear()
            local_start = start.astimezone(self.tz)
            day = local_start.date()
            found = self._frames[key] = (
                local_start,
                end.astimezone(self.tz),
                day,
                self.midnight(day + timedelta(days=1)),
            )
        return found

    def range_text(self, start: datetime, end: datetime) -> str:
        """ "Wed Mar 10, 6:00-10:00 PM CST" for a span (see ``timefmt.range_text``)."""
        key = (start, end)
        found = self._ranges.get(key)
        if found is None:
            if len(self._ranges) > _MAX_MEMO:
                self._ranges.clear()
            found = self._ranges[key] = range_text(start, end, self.tz)
        return found

    def day_rules(self, day: date) -> tuple[tuple[int, str], ...]:
        """The calendar rules that match local ``day``: (rule index, why in words)."""
        found = self._days.get(day)
        if found is None:
            if len(self._days) > _MAX_MEMO:
                self._days.clear()
            matched = []
            for i, rule in enumerate(self.card.calendar):
                label = cal.label_on(rule, day)
                if label is not None:
                    matched.append((i, label))
            found = self._days[day] = tuple(matched)
        return found

    # --- rates -------------------------------------------------------------------------------

    def rate(self, job_type: str, rank: str, tier: str | None, category: str) -> c.Rate | None:
        """The rate for the combination; a rate without a rank matches every rank."""
        found = self.rates.get((job_type, rank, tier, category))
        if found is None:
            found = self.rates.get((job_type, None, tier, category))
        return found

    def minimum_hours(self, job_type: c.JobType) -> Decimal:
        if job_type.minimum_hours is not None:
            return job_type.minimum_hours
        return self.card.minimum_hours

    def choose(
        self,
        job_type: c.JobType,
        rank: str,
        tier: str | None,
        category: str,
        calendar: tuple[int, ...],
        notice: tuple[int, ...],
    ) -> Choice:
        """The rate for one officer-hour (ODM-RATE-2: where several rates apply, the highest
        customer rate wins; a tie keeps the base rate).

        Candidates: the base (chosen tier, ``category``); each applicable calendar rule's effect
        and each applicable notice rule's effect. A minimum tier raises the tier by level (a higher
        chosen tier stays: NOPD-HOL-1); a rate category prices from that category at the same rank
        and tier; a multiplier multiplies the base officer pay (rounded half-up to the cent). The
        admin fee follows the card's fee rule for each candidate's officer pay."""
        key = (job_type.code, rank, tier, category, calendar, notice)
        found = self._choices.get(key)
        if found is None:
            if len(self._choices) > _MAX_MEMO:
                self._choices.clear()
            found = self._choices[key] = self._choose(
                job_type, rank, tier, category, calendar, notice
            )
        return found

    def _make(self, job_type, rank, tier, category, rate, pay, name, source, extra_rules) -> Choice:
        rules = [*self.card.rate_rules, *job_type.rules, *extra_rules]
        return Choice(
            officer_pay=pay,
            admin_fee=hourly_fee(self.card.fee, pay),
            name=name,
            rules=tuple(dict.fromkeys(rules)),
            rank=rank,
            tier=tier,
            category=category,
            source=source,
            example=rate.example or job_type.example,
        )

    def _base_name(self, tier: str | None, category: str, plain_category: bool) -> str:
        category_name = self.categories[category].name if category in self.categories else category
        if tier is None:
            return category_name
        tier_name = self.tiers[tier].name
        return tier_name if plain_category else f"{category_name} ({tier_name})"

    def _choose(self, job_type, rank, tier, category, calendar, notice) -> Choice:
        card = self.card
        rate = self.rate(job_type.code, rank, tier, category)
        if rate is None:
            rank_name = self.ranks[rank].name if rank in self.ranks else rank
            tier_text = f" at {self.tiers[tier].name}" if tier in self.tiers else ""
            raise QuoteError(
                "rank", f"There is no rate for a {rank_name}{tier_text} on a {job_type.name} job."
            )
        base_name = self._base_name(tier, category, category == "regular")
        best = self._make(job_type, rank, tier, category, rate, rate.officer_pay, base_name, -1, ())
        effects = [(i, card.calendar[i]) for i in calendar]
        effects += [(-2 - i, card.notice[i]) for i in notice]
        candidates = 0
        for source, rule in effects:
            effect = rule.effect
            candidate = None
            if effect.kind == c.EFFECT_MINIMUM_TIER and tier is not None:
                wanted = self.tiers.get(effect.tier or "")
                if wanted is not None and wanted.level > self.tiers[tier].level:
                    other = self.rate(job_type.code, rank, wanted.code, category)
                    if other is not None:
                        name = f"{wanted.name} ({rule.name.lower()} minimum)"
                        candidate = self._make(
                            job_type,
                            rank,
                            wanted.code,
                            category,
                            other,
                            other.officer_pay,
                            name,
                            source,
                            rule.rules,
                        )
            elif effect.kind == c.EFFECT_RATE_CATEGORY and effect.category:
                other = self.rate(job_type.code, rank, tier, effect.category)
                if other is not None:
                    name = self._base_name(tier, effect.category, False)
                    if tier is None:
                        name = self.categories[effect.category].name
                    candidate = self._make(
                        job_type,
                        rank,
                        tier,
                        effect.category,
                        other,
                        other.officer_pay,
                        name,
                        source,
                        rule.rules,
                    )
            elif effect.kind == c.EFFECT_MULTIPLIER and effect.multiplier is not None:
                pay = (rate.officer_pay * effect.multiplier).quantize(CENT, ROUND_HALF_UP)
                name = f"{base_name} x {_mult_text(effect.multiplier)} ({rule.name.lower()})"
                candidate = self._make(
                    job_type, rank, tier, category, rate, pay, name, source, rule.rules
                )
            if candidate is None:
                continue
            candidates += 1
            if candidate.customer_rate > best.customer_rate:
                best = candidate
        if candidates > 1 and card.highest_rate_rules:
            best = _with_rules(best, card.highest_rate_rules)
        return best

    def overtime(self, choice: Choice) -> Choice:
        """The overtime rate for ``choice``: officer pay x the card's multiplier (half-up to the
        cent), the fee recomputed by the fee rule."""
        entry = self._overtime.get(id(choice))
        if entry is not None and entry[0] is choice:
            return entry[1]
        multiplier = self.card.overtime.multiplier
        pay = (choice.officer_pay * multiplier).quantize(CENT, ROUND_HALF_UP)
        found = Choice(
            officer_pay=pay,
            admin_fee=hourly_fee(self.card.fee, pay),
            name=f"Overtime ({_mult_text(multiplier)}x)",
            rules=choice.rules,
            rank=choice.rank,
            tier=choice.tier,
            category=choice.category,
            source=choice.source,
            example=choice.example,
            overtime=True,
        )
        if len(self._overtime) > _MAX_MEMO:
            self._overtime.clear()
        self._overtime[id(choice)] = (choice, found)  # keeps ``choice`` alive: its id stays its own
        return found

    # --- supervision -------------------------------------------------------------------------

    def supervision_rows(self, simultaneous: int) -> tuple[c.SupervisionRow, ...]:
        """The supervisory table rows whose officer-count range holds ``simultaneous``."""
        found = self._rows.get(simultaneous)
        if found is None:
            found = tuple(
                row
                for row in self.card.supervision.rows
                if row.min_officers <= simultaneous
                and (row.max_officers is None or simultaneous <= row.max_officers)
            )
            if len(self._rows) < _MAX_MEMO:
                self._rows[simultaneous] = found
        return found


def _with_rules(choice: Choice, extra: tuple[str, ...]) -> Choice:
    return Choice(
        officer_pay=choice.officer_pay,
        admin_fee=choice.admin_fee,
        name=choice.name,
        rules=tuple(dict.fromkeys((*choice.rules, *extra))),
        rank=choice.rank,
        tier=choice.tier,
        category=choice.category,
        source=choice.source,
        example=choice.example,
    )


_BY_ID: dict[int, tuple[weakref.ref, CardIndex]] = {}


@lru_cache(maxsize=64)
def _by_value(card: c.RateCard) -> CardIndex:
    return CardIndex(card)


def _forget(key: int) -> None:
    _BY_ID.pop(key, None)


def index_for(card: c.RateCard) -> CardIndex:
    """The index of ``card`` (built once per card; equal cards share one)."""
    key = id(card)
    entry = _BY_ID.get(key)
    if entry is not None and entry[0]() is card:
        return entry[1]
    index = _by_value(card)
    _BY_ID[key] = (weakref.ref(card, lambda _ref, key=key: _forget(key)), index)
    return index

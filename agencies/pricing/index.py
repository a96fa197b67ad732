"""Lookups the engine needs, computed once per rate card and kept while the card lives.

A card is frozen, so whatever is derived from it never goes stale. The cache is keyed by the
card object's identity (a weak reference drops the entry with the card): hashing a whole card on
every quote would cost more than the quote. Equal cards built separately (a card read back from
its JSON) share one index through a small hash-keyed cache.
"""

from __future__ import annotations

import weakref
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from agencies.pricing import holidays as cal
from agencies.pricing import premiums
from agencies.pricing.money import hours_of
from agencies.pricing.premiums import Choice
from agencies.pricing.timefmt import range_text

__all__ = ["CardIndex", "Choice", "index_for"]

_MAX_MEMO = 20_000  # entries per memo before it is cleared (bounded memory)


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
        # time bands ("nights 17:00-07:00"): matched by the hour, not by the date
        self.bands = tuple(i for i, rule in enumerate(card.calendar) if premiums.is_band(rule))
        self._midnights: dict[date, datetime] = {}
        self._days: dict[date, tuple[tuple[int, str], ...]] = {}
        self._choices: dict[tuple, Choice] = {}
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
                if i in self.bands:
                    continue
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
        overtime: bool = False,
    ) -> Choice:
        """The rate for one officer-hour (``premiums.choose``: the base and the premiums that
        apply, combined by the card's ``premiums``; ODM-RATE-2 under "highest"), remembered.

        A minimum tier raises the tier by level (a higher chosen tier stays: NOPD-HOL-1); a rate
        category prices from that category at the same rank and tier; a multiplier multiplies the
        base officer pay (rounded half-up to the cent); a surcharge adds to it. The admin fee
        follows the card's fee rule for the final officer pay."""
        key = (job_type.code, rank, tier, category, calendar, notice, overtime)
        found = self._choices.get(key)
        if found is None:
            if len(self._choices) > _MAX_MEMO:
                self._choices.clear()
            found = self._choices[key] = premiums.choose(
                self, job_type, rank, tier, category, calendar, notice, overtime
            )
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


_BY_ID: dict[int, tuple[weakref.ref, CardIndex]] = {}


@lru_cache(maxsize=64)
def _by_value(card: c.RateCard) -> CardIndex:
    return CardIndex(card)


def index_for(card: c.RateCard) -> CardIndex:
    """The index of ``card`` (built once per card; equal cards share one)."""
    key = id(card)
    entry = _BY_ID.get(key)
    if entry is not None and entry[0]() is card:
        return entry[1]
    index = _by_value(card)
    # the callback holds the dict itself: cards still cached at interpreter exit may be
    # collected after the module's globals are gone
    forget = _BY_ID.pop
    _BY_ID[key] = (weakref.ref(card, lambda _ref, key=key, forget=forget: forget(key, None)), index)
    return index

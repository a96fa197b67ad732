"""Holiday dates by rule: the named holidays a rate card can list, and whole country calendars.

Rate rules use ACTUAL dates, never the "observed" weekday (ODM-HOL-1): Christmas Day is Dec 25
even on a Saturday. Named holidays are computed here from their rule (fixed date, nth weekday,
Easter offset), so a card says ``"thanksgiving"`` or ``"lundi_gras"`` and never a list of dates.
A ``country_calendar`` such as ``"US-LA"`` takes every date the ``holidays`` package gives for that
country and subdivision, public and unofficial categories (which for Louisiana include Mardi Gras,
Good Friday, Christmas Eve and New Year's Eve, and also observed days).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_package
from dateutil.easter import EASTER_ORTHODOX
from dateutil.easter import easter as _easter

from agencies.pricing import card as c

COUNTRY_CATEGORIES = ("public", "unofficial")


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth_weekday(month: int, weekday: int, n: int) -> Callable[[int], date]:
    """The n-th ``weekday`` (0 = Monday) of ``month``; n = -1 is the last one."""

    def compute(year: int) -> date:
        if n > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    return compute


def _easter_offset(days: int) -> Callable[[int], date]:
    return lambda year: _easter(year) + timedelta(days=days)


def _orthodox_easter(year: int) -> date:
    return _easter(year, EASTER_ORTHODOX)


def _from_calendar(country: str, name: str) -> Callable[[int], date]:
    """The first day named ``name`` in the ``holidays`` package's calendar of ``country``: how
    holidays of other calendars (the Hebrew calendar's Rosh Hashanah, Yom Kippur) are computed
    each year instead of typed in."""

    def compute(year: int) -> date:
        days = holidays_package.country_holidays(country, years=year, language="en_US")
        return min(day for day, named in days.items() if name in named.split("; "))

    return compute


def _after_thanksgiving(year: int) -> date:
    return _nth_weekday(11, 3, 4)(year) + timedelta(days=1)


@dataclass(frozen=True)
class HolidayRule:
    key: str
    name: str
    compute: Callable[[int], date]

    def on(self, year: int) -> date:
        return holiday_date(self.key, year)


HOLIDAY_RULES: dict[str, HolidayRule] = {
    rule.key: rule
    for rule in (
        HolidayRule("new_years_day", "New Year's Day", _fixed(1, 1)),
        HolidayRule("mlk_day", "Martin Luther King Jr. Day", _nth_weekday(1, 0, 3)),
        HolidayRule("presidents_day", "Presidents' Day", _nth_weekday(2, 0, 3)),
        HolidayRule("lundi_gras", "Lundi Gras", _easter_offset(-48)),
        HolidayRule("mardi_gras", "Mardi Gras", _easter_offset(-47)),
        HolidayRule("good_friday", "Good Friday", _easter_offset(-2)),
        HolidayRule("easter", "Easter", _easter_offset(0)),
        HolidayRule("patriots_day", "Patriots' Day", _nth_weekday(4, 0, 3)),
        HolidayRule("memorial_day", "Memorial Day", _nth_weekday(5, 0, -1)),
        HolidayRule("juneteenth", "Juneteenth", _fixed(6, 19)),
        HolidayRule("independence_day", "Independence Day", _fixed(7, 4)),
        HolidayRule("labor_day", "Labor Day", _nth_weekday(9, 0, 1)),
        HolidayRule("columbus_day", "Columbus Day", _nth_weekday(10, 0, 2)),
        HolidayRule("veterans_day", "Veterans Day", _fixed(11, 11)),
        HolidayRule("thanksgiving", "Thanksgiving Day", _nth_weekday(11, 3, 4)),
        HolidayRule("day_after_thanksgiving", "Day after Thanksgiving", _after_thanksgiving),
        HolidayRule("christmas_eve", "Christmas Eve", _fixed(12, 24)),
        HolidayRule("christmas_day", "Christmas Day", _fixed(12, 25)),
        HolidayRule("new_years_eve", "New Year's Eve", _fixed(12, 31)),
        # other calendars, computed each year
        HolidayRule("orthodox_easter", "Orthodox Easter", _orthodox_easter),
        HolidayRule("passover", "Passover (first day)", _from_calendar("IL", "Pesach")),
        HolidayRule("shavuot", "Shavuot", _from_calendar("IL", "Shavuot")),
        HolidayRule("rosh_hashanah", "Rosh Hashanah", _from_calendar("IL", "Rosh Hashanah")),
        HolidayRule("yom_kippur", "Yom Kippur", _from_calendar("IL", "Yom Kippur")),
        HolidayRule("sukkot", "Sukkot (first day)", _from_calendar("IL", "Sukkot")),
    )
}


@lru_cache(maxsize=4096)
def holiday_date(key: str, year: int) -> date:
    """The actual date of the named holiday ``key`` in ``year`` (KeyError when unknown)."""
    return HOLIDAY_RULES[key].compute(year)


def _split_calendar(spec: str) -> tuple[str, str | None]:
    country, _, subdiv = spec.partition("-")
    return country, (subdiv or None)


@lru_cache(maxsize=512)
def country_dates(spec: str, year: int) -> dict[date, str]:
    """Every date of the ``holidays`` package's calendar ``spec`` ("US", "US-LA") in ``year``,
    public and unofficial categories, with its name(s)."""
    country, subdiv = _split_calendar(spec)
    calendar = holidays_package.country_holidays(
        country, subdiv=subdiv, years=year, categories=COUNTRY_CATEGORIES
    )
    return dict(calendar.items())


def valid_country_calendar(spec: str) -> bool:
    """Whether ``spec`` names a country (and subdivision) the ``holidays`` package knows."""
    country, subdiv = _split_calendar(spec)
    try:
        holidays_package.country_holidays(country, subdiv=subdiv, years=2000)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


@lru_cache(maxsize=2048)
def _named_dates(keys: tuple[str, ...], year: int) -> dict[date, str]:
    dates: dict[date, str] = {}
    for key in keys:
        rule = HOLIDAY_RULES.get(key)
        if rule is None:
            continue
        day = holiday_date(key, year)
        dates[day] = f"{dates[day]}; {rule.name}" if day in dates else rule.name
    return dates


def label_on(rule: c.CalendarRule, day: date) -> str | None:
    """Why ``rule`` applies on ``day`` in words ("Christmas Day", "Jazz Fest 2027, weekend 1",
    "Saturday"), or None when it does not apply. Named and country holidays are matched by rule
    and date, never by comparing names."""
    if rule.holidays:
        name = _named_dates(rule.holidays, day.year).get(day)
        if name:
            return name
    if rule.country_calendar:
        name = country_dates(rule.country_calendar, day.year).get(day)
        if name:
            return name
    for span in rule.dates:
        if span.start <= day <= span.end:
            return span.name
    if rule.weekdays and day.weekday() in rule.weekdays:
        return _WEEKDAY_NAMES[day.weekday()]
    return None


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def rule_dates(rule: c.CalendarRule, year: int) -> Iterator[tuple[date, str]]:
    """The dates of ``year`` that ``rule`` names, with their names, in date order: named and
    country holidays and every day of the agency's date ranges. Weekday rules ("every Saturday")
    are not listed day by day."""
    found: dict[date, str] = {}
    for day, name in _named_dates(rule.holidays, year).items():
        found[day] = name
    if rule.country_calendar:
        for day, name in country_dates(rule.country_calendar, year).items():
            found.setdefault(day, name)
    for span in rule.dates:
        day = max(span.start, date(year, 1, 1))
        last = min(span.end, date(year, 12, 31))
        while day <= last:
            found.setdefault(day, span.name)
            day += timedelta(days=1)
    yield from sorted(found.items())

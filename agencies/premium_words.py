"""How a card's premiums combine, its time bands and its overtime, in the customer's words for the
public rates page and the rule register's sentences (PLAT-PREMIUM-1, docs/rate-cards.md)."""

from __future__ import annotations

from agencies.formatting import hours, money
from agencies.pricing import card as c

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def band_words(rule: c.CalendarRule) -> str:
    """ "from 17:00 to 07:00" (with the days it starts on), or "" for a whole-day rule."""
    if rule.window_start is None or rule.window_end is None:
        return ""
    text = f"from {rule.window_start:%H:%M} to {rule.window_end:%H:%M}"
    if rule.window_end <= rule.window_start:
        text += " the next morning"
    days = sorted(set(rule.weekdays))
    if days and len(days) < 7 and not (rule.holidays or rule.dates or rule.country_calendar):
        text += ", starting " + ", ".join(DAY_NAMES[d] for d in days)
    elif rule.holidays or rule.dates or rule.country_calendar or days:
        text += ", starting on the dates listed"
    else:
        text += ", every day"
    return text


def when_words(rule: c.CalendarRule) -> str:
    """How much of a shift a calendar rule prices: ", for the hours ..." in words."""
    band = band_words(rule)
    if band:
        return f", for the hours {band}{padding_words(rule)}"
    if rule.mode == c.MODE_HOURS_ON_DATE:
        return ", for the hours that fall on the date"
    return ", for the whole shift when any of it falls on the date"


def padding_words(rule: c.CalendarRule) -> str:
    """How a band prices hours added by the minimum: "" when they take the band they fall in."""
    if rule.padding == c.PADDING_REGULAR:
        return "; hours added to reach the minimum are charged at the regular rate"
    if rule.padding == c.PADDING_START:
        return (
            "; hours added to reach the minimum take this rate when the shift starts inside "
            "these hours, the regular rate otherwise"
        )
    return ""


def combine_words(card: c.RateCard) -> str:
    """One sentence: what happens when several premiums apply to the same hour."""
    if card.premiums == c.PREMIUMS_ADDITIVE:
        return (
            "When several premiums apply to the same hour, their amounts per hour add up (a "
            "holiday night pays the night and the holiday amounts)."
        )
    if card.premiums == c.PREMIUMS_MULTIPLIER_ONCE:
        return (
            "When several premiums apply to the same hour, the multiplier is applied once, "
            "whatever the reasons (a holiday night is not paid twice over)."
        )
    return "When more than one rate applies to the same hours, the highest one is charged."


def overtime_words(card: c.RateCard) -> str:
    """The overtime sentence, or "" when the card has none."""
    ot = card.overtime
    if ot is None:
        return ""
    if ot.kind == c.OVERTIME_SURCHARGE:
        pay = f"officer pay plus {money(ot.amount or 0, card.currency)} per hour"
    else:
        pay = f"{hours(ot.multiplier)} x officer pay"
    text = f"Hours past {hours(ot.after_hours)} in one shift are paid at {pay}"
    if ot.increment_hours:
        text += f", billed in blocks of {hours(ot.increment_hours)} hours"
    if ot.compounds:
        text += ", on top of any night, weekend or holiday rate of those hours."
    elif card.premiums == c.PREMIUMS_HIGHEST:
        text += ", or the night, weekend or holiday rate when that is higher."
    else:
        text += "; overtime counts as one more premium, combined like the others."
    return text

"""Money, hours and times the way an agency's customers read them: "$434.64",
"Wed Mar 10, 6:00-10:00 PM CST", "7 days". Pure functions, used by pages and templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from agencies.pricing.timefmt import clock_text, day_text, range_text

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "EUR": "€", "GBP": "£"}


def rate(value, currency: str = "USD") -> str:
    """A rate per hour: to the cent, or exact to 4 places when finer ("$5.098": 10 % of $50.98,
    where a card's fee is taken on each line's total rather than rounded per hour)."""
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not exact.is_finite() or exact == exact.quantize(Decimal("0.01")):
        return money(value, currency)
    fine = exact.quantize(Decimal("0.0001")).normalize()
    whole, places = format(abs(fine), "f").split(".")
    text = f"{int(whole):,}.{places}"
    sign = "-" if fine < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def money(value, currency: str = "USD") -> str:
    """``Decimal("1234.5")`` -> ``"$1,234.50"``; negative amounts as ``"-$5.00"``."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    if symbol:
        return f"{sign}{symbol}{text}"
    return f"{sign}{text} {currency}"


def hours(value) -> str:
    """``Decimal("4.00")`` -> ``"4"``, ``Decimal("4.50")`` -> ``"4.5"`` (for sentences)."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    text = f"{amount.normalize():f}"
    return text


def duration(hours_value) -> str:
    """A notice window in words: 168 -> "7 days", 72 -> "72 hours", 1 -> "1 hour"."""
    amount = Decimal(str(hours_value))
    if amount >= 96 and amount % 24 == 0:
        days = int(amount / 24)
        return f"{days} days"
    text = hours(amount)
    return f"{text} hour" if amount == 1 else f"{text} hours"


def local(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(time_zone))


def span(starts_at: datetime, ends_at: datetime, time_zone: str) -> str:
    """A shift in the agency's time zone: "Wed Mar 10, 6:00-10:00 PM CST" (the engine's wording,
    so quote lines and pages read alike)."""
    return range_text(starts_at, ends_at, ZoneInfo(time_zone))


def moment(value: datetime, time_zone: str) -> str:
    """One instant: "Wed Mar 10, 6:00 PM CST"."""
    here = local(value, time_zone)
    return f"{day_text(here)}, {clock_text(here)} {here.tzname()}"


def tel_href(number: str) -> str:
    """A phone number for a ``tel:`` link: "(504) 658-8757" -> "tel:+15046588757"."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"

"""Times in the sentences officers read, in the agency's local time."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from agencies.pricing.timefmt import clock_text, day_text


def local(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(time_zone))


def hours_span(starts_at: datetime, ends_at: datetime, time_zone: str) -> str:
    """ "8:00 AM-4:00 PM"."""
    return f"{clock_text(local(starts_at, time_zone))}-{clock_text(local(ends_at, time_zone))}"


def day(moment: datetime, time_zone: str) -> str:
    """ "Tue Mar 9"."""
    return day_text(local(moment, time_zone))


def day_and_time(moment: datetime, time_zone: str) -> str:
    """ "Tue Mar 9, 8:00 AM"."""
    at = local(moment, time_zone)
    return f"{day_text(at)}, {clock_text(at)}"


def hours_text(value: Decimal) -> str:
    """17 -> "17", 16.5 -> "16.5", 7.25 -> "7.25"."""
    value = Decimal(value).quantize(Decimal("0.01"))
    text = format(value.normalize(), "f")
    return text

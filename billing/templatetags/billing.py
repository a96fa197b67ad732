"""Dates on invoices: with the year, in the time zone the document was issued in."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template

register = template.Library()


@register.filter
def on_date(value, time_zone="America/Chicago"):
    """``{{ invoice.issued_at|on_date:invoice.time_zone }}`` -> "April 5, 2027"."""
    if not value:
        return ""
    here = value.astimezone(ZoneInfo(time_zone))
    return f"{here:%B} {here.day}, {here.year}"


@register.filter
def at_time(value, time_zone="America/Chicago"):
    """-> "April 5, 2027, 6:00 PM CDT"."""
    if not value:
        return ""
    here = value.astimezone(ZoneInfo(time_zone))
    hour = here.hour % 12 or 12
    return f"{here:%B} {here.day}, {here.year}, {hour}:{here:%M} {here:%p} {here.tzname()}"

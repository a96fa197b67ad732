"""Regular duty from an iCal calendar (RFC 5545), the second reader of the duty import
(PLAT-DUTY-1; the first is the CSV file in ``officers.services.duty``).

Each event (VEVENT) is one regular shift, from DTSTART to DTEND (or DTSTART plus DURATION), in
UTC ("...Z"), in a named zone (TZID) or floating (read in the agency's time zone). The officer is
the event's attendee (``ATTENDEE:mailto:``, matched by email) or, without one, the first word of
its title (SUMMARY), a badge number or an email: "1234 Day watch". A repeating event (RRULE,
daily to yearly, with its EXDATEs and moved instances) gives one shift per occurrence.

A published calendar carries its history: shifts that ended more than ``PAST_DAYS`` days ago, or
start more than the site's years ahead, are not read; all-day events and cancelled ones are not
shifts. Anything else that cannot be read refuses the calendar, naming the event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from detailhire.errors import DomainError
from detailhire.limits import limit
from officers.services.duty import MAX_BYTES, MAX_LINES, DutyLine

PAST_DAYS = 31
LONGEST_SHIFT = timedelta(hours=24)
REPEATS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def _who(event, where: str) -> str:
    attendees = event.get("ATTENDEE")
    if attendees is not None:
        if not isinstance(attendees, list):
            attendees = [attendees]
        emails = [str(a)[7:] for a in attendees if str(a).lower().startswith("mailto:")]
        if len(emails) == 1 and emails[0].strip():
            return emails[0].strip().lower()
    words = str(event.get("SUMMARY") or "").split()
    if not words:
        raise DomainError(
            f"{where}: name the officer (an attendee's email, or the badge number first in the "
            "title)."
        )
    who = words[0].strip("#,;:")
    return who.lower() if "@" in who else who


def _label(number: int, uid: str) -> str:
    return f"Event {number} (UID {uid[:60]})" if uid else f"Event {number}"


def _occurrences(event, start: datetime, where: str, window: tuple[datetime, datetime]):
    """The starts of a repeating event inside ``window`` (EXDATEs left out)."""
    rule = event.get("RRULE")
    if rule is None:
        return [start]
    if isinstance(rule, list):
        raise DomainError(f"{where}: only one repeat rule (RRULE) per event is read.")
    freq = (rule.get("FREQ") or [""])[0]
    if freq not in REPEATS:
        raise DomainError(f"{where}: repeats {freq.lower() or 'oddly'}; give daily to yearly.")
    try:
        recurrence = rrulestr(rule.to_ical().decode(), dtstart=start)
    except (ValueError, TypeError) as error:
        raise DomainError(f"{where}: its repeat rule cannot be read ({error}).") from None
    excluded = set()
    exdates = event.get("EXDATE") or []
    for listed in exdates if isinstance(exdates, list) else [exdates]:
        for item in listed.dts:
            if isinstance(item.dt, datetime):
                excluded.add(_local(item.dt, start.tzinfo))
    starts = []
    for when in recurrence.xafter(window[0] - LONGEST_SHIFT, inc=True):
        if when > window[1]:
            break
        if when not in excluded:
            starts.append(when)
        if len(starts) > MAX_LINES:
            raise DomainError(f"{where}: repeats more than {MAX_LINES} times.")
    return starts


def read_duty_ical(text: str, time_zone: str, *, today: date) -> list[DutyLine]:
    """The calendar's regular shifts, checked; ``DomainError`` naming the event at fault."""
    if len(text.encode()) > MAX_BYTES:
        raise DomainError("The calendar is too large (at most 1 MB).")
    zone = ZoneInfo(time_zone)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # the parser's errors are ValueError and its own kinds
        raise DomainError(f"This is not an iCal calendar: {error}") from None
    if calendar.name != "VCALENDAR":
        raise DomainError("This is not an iCal calendar (it does not begin with VCALENDAR).")
    earliest = datetime.combine(today - timedelta(days=PAST_DAYS), datetime.min.time(), zone)
    latest = datetime.combine(
        date(today.year + limit("years_ahead"), 12, 31), datetime.max.time(), zone
    )
    events = calendar.walk("VEVENT")
    moved = {
        (str(e.get("UID") or ""), _local(e.get("RECURRENCE-ID").dt, zone))
        for e in events
        if e.get("RECURRENCE-ID") is not None and isinstance(e.get("RECURRENCE-ID").dt, datetime)
    }
    lines: list[DutyLine] = []
    for number, event in enumerate(events, start=1):
        uid = str(event.get("UID") or "")
        where = _label(number, uid)
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            continue
        try:
            start, end = event.start, event.end
        except Exception as error:  # a broken DTSTART/DTEND/DURATION
            raise DomainError(f"{where}: its start or end cannot be read ({error}).") from None
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            continue  # an all-day event is not a shift
        start, end = _local(start, zone), _local(end, zone)
        if end <= start:
            raise DomainError(f"{where}: it ends before it starts.")
        if end - start > LONGEST_SHIFT:
            raise DomainError(f"{where}: a regular shift of more than 24 hours is not read.")
        who = _who(event, where)
        master = event.get("RECURRENCE-ID") is None  # not itself a moved occurrence
        for when in _occurrences(event, start, where, (earliest, latest)):
            if master and event.get("RRULE") is not None and (uid, when) in moved:
                continue  # this occurrence is given by its own event
            ends = when + (end - start)
            if ends < earliest or when > latest:
                continue
            lines.append(DutyLine(where, who, when, ends))
            if len(lines) > MAX_LINES:
                raise DomainError(f"At most {MAX_LINES} shifts in one calendar.")
    if not lines:
        raise DomainError("The calendar has no shifts from the last month on.")
    return lines

"""Regular duty schedules (PLAT-DUTY-1): the agency imports each officer's regular shifts, and the
claim and substitution checks (``officers.services.caps``) count them like details.

One import path, two readers. A schedule comes as a CSV file, one regular shift a line, in the
agency's local time (the officer by badge number or email)::

    badge,date,start,end
    1234,2027-03-08,07:00,15:00
    1234,2027-03-09,23:00,07:00      <- ends the next morning

or as the iCal calendar the agency's scheduling system publishes at an address
(``officers.services.duty_ical`` reads it, ``officers.services.duty_feed`` fetches it). Either is
read whole first into ``DutyLine``s: a line or event with a mistake refuses the schedule, naming
it, and nothing changes. ``plan`` then compares it with what is stored: for each officer in it,
the days from their first to their last shift are replaced (so importing next month's schedule
again, corrected, is harmless), and the preview says what is added, removed and changed (a shift
moved on the same day). ``apply`` writes the plan (audited, with where it came from).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit import log
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.limits import limit
from officers.models import DutyCalendar, DutyShift, Officer

MAX_LINES = 5000
MAX_BYTES = 1_000_000
HEADER = ("badge", "date", "start", "end")


@dataclass(frozen=True)
class DutyLine:
    where: str  # "Line 3", "Event 4 (UID ...)": named in a refusal
    badge: str  # the officer's badge number, or their email
    starts_at: datetime
    ends_at: datetime


Shift = tuple[datetime, datetime]


@dataclass
class OfficerChange:
    officer: Officer
    first_day: date
    last_day: date
    shifts: list[Shift] = field(default_factory=list)
    added_shifts: list[Shift] = field(default_factory=list)
    removed_shifts: list[Shift] = field(default_factory=list)
    changed_shifts: list[tuple[Shift, Shift]] = field(default_factory=list)  # (was, now)
    kept: int = 0

    @property
    def added(self) -> int:
        return len(self.added_shifts) + len(self.changed_shifts)

    @property
    def removed(self) -> int:
        return len(self.removed_shifts) + len(self.changed_shifts)

    @property
    def changed(self) -> int:
        return len(self.changed_shifts)


def _time(text: str, line: int, name: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"Line {line}: the {name} time {text!r} is not HH:MM.") from None


def read_duty_csv(text: str, time_zone: str, *, today: date) -> list[DutyLine]:
    """The file's shifts, checked; ``DomainError`` naming the first line at fault."""
    if len(text.encode()) > MAX_BYTES:
        raise DomainError("The file is too large (at most 1 MB).")
    zone = ZoneInfo(time_zone)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or tuple(cell.strip().lower() for cell in rows[0]) != HEADER:
        raise DomainError("The first line must be the header: badge,date,start,end.")
    if len(rows) - 1 > MAX_LINES:
        raise DomainError(f"At most {MAX_LINES} shifts in one file.")
    first_year, last_year = limit("earliest_year"), today.year + limit("years_ahead")
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            raise DomainError(f"Line {number}: expected 4 values (badge,date,start,end).")
        badge, day_text, start_text, end_text = (cell.strip() for cell in row)
        if not badge or len(badge) > 254:
            raise DomainError(f"Line {number}: give the officer's badge number or email.")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise DomainError(f"Line {number}: the date {day_text!r} is not YYYY-MM-DD.") from None
        if not first_year <= day.year <= last_year:
            raise DomainError(
                f"Line {number}: the date must be between {first_year} and {last_year}."
            )
        start, end = _time(start_text, number, "start"), _time(end_text, number, "end")
        starts_at = datetime.combine(day, start, zone)
        end_day = day if end > start else day + timedelta(days=1)
        ends_at = datetime.combine(end_day, end, zone)
        lines.append(DutyLine(f"Line {number}", badge, starts_at, ends_at))
    if not lines:
        raise DomainError("The file has no shifts.")
    return lines


def _officers(agency, names: set[str]) -> dict[str, Officer]:
    """The agency's officers named by badge number or email (emails in lower case)."""
    emails = {n.lower() for n in names if "@" in n}
    badges = {n for n in names if "@" not in n}
    found = Officer._base_manager.filter(agency=agency).select_related("user")
    # emails are stored in lower case (accounts.models)
    found = found.filter(Q(badge_number__in=badges) | Q(user__email__in=emails))
    by_name: dict[str, Officer] = {}
    for officer in found:
        if officer.badge_number:
            by_name[officer.badge_number] = officer
        by_name[officer.user.email.lower()] = officer
    return by_name


def plan(agency, lines: list[DutyLine]) -> list[OfficerChange]:
    """What importing ``lines`` changes, per officer; an unknown officer refuses the schedule."""
    officers = _officers(agency, {line.badge for line in lines})
    zone = ZoneInfo(agency.time_zone)
    changes: dict[int, OfficerChange] = {}
    for line in lines:
        officer = officers.get(line.badge.lower() if "@" in line.badge else line.badge)
        if officer is None:
            what = "email" if "@" in line.badge else "badge"
            raise DomainError(f"{line.where}: no officer of the agency has {what} {line.badge}.")
        local_day = line.starts_at.astimezone(zone).date()
        change = changes.get(officer.pk)
        if change is None:
            change = changes[officer.pk] = OfficerChange(officer, local_day, local_day)
        change.first_day = min(change.first_day, local_day)
        change.last_day = max(change.last_day, local_day)
        for start, end in change.shifts:
            if start < line.ends_at and line.starts_at < end:
                raise DomainError(
                    f"{line.where}: overlaps another shift of {line.badge} in the schedule."
                )
        change.shifts.append((line.starts_at, line.ends_at))
    for change in changes.values():
        _compare(change, {(d.starts_at, d.ends_at) for d in _stored(change, zone)}, zone)
    return sorted(changes.values(), key=lambda c: (c.officer.user.display_name, c.officer.pk))


def _compare(change: OfficerChange, stored: set[Shift], zone: ZoneInfo) -> None:
    """Added, removed and kept shifts; an added and a removed shift on the same local day are
    one changed shift (moved or lengthened)."""
    new = set(change.shifts)
    change.kept = len(stored & new)
    added = sorted(new - stored)
    removed = sorted(stored - new)
    by_day: dict[date, list[Shift]] = {}
    for shift in removed:
        by_day.setdefault(shift[0].astimezone(zone).date(), []).append(shift)
    for shift in added:
        was = by_day.get(shift[0].astimezone(zone).date())
        if was:
            change.changed_shifts.append((was.pop(0), shift))
        else:
            change.added_shifts.append(shift)
    change.removed_shifts = sorted(s for day in by_day.values() for s in day)


def _stored(change: OfficerChange, zone: ZoneInfo):
    start = datetime.combine(change.first_day, time(), zone)
    end = datetime.combine(change.last_day + timedelta(days=1), time(), zone)
    return DutyShift._base_manager.filter(
        officer=change.officer, starts_at__gte=start, starts_at__lt=end
    )


def apply(agency, changes: list[OfficerChange], *, actor, source: str = "csv") -> int:
    """Replace each officer's duty shifts in the days the schedule covers; returns shifts
    stored. ``source`` says where the schedule came from ("csv", or the calendar's address, then
    remembered for the next import)."""
    policy.require(actor, "agency.manage", agency)
    zone = ZoneInfo(agency.time_zone)
    stored = 0
    with transaction.atomic():
        ids = sorted(change.officer.pk for change in changes)
        list(Officer._base_manager.select_for_update().filter(pk__in=ids).order_by("pk"))
        for change in changes:
            _stored(change, zone).delete()
            DutyShift._base_manager.bulk_create(
                DutyShift(officer=change.officer, starts_at=start, ends_at=end)
                for start, end in change.shifts
            )
            stored += len(change.shifts)
        if source != "csv":
            DutyCalendar._base_manager.update_or_create(
                agency=agency,
                defaults={
                    "url": source,
                    "imported_at": timezone.now(),
                    "imported_by": actor if getattr(actor, "pk", None) else None,
                },
            )
        log.record(
            agency,
            actor=actor,
            event="duty.imported",
            agency=agency,
            data={
                "officers": len(changes),
                "shifts": stored,
                "added": sum(c.added for c in changes),
                "removed": sum(c.removed for c in changes),
                "changed": sum(c.changed for c in changes),
                "source": source[:500],
            },
        )
    return stored

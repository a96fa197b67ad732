"""Regular duty schedules (PLAT-DUTY-1): the agency imports each officer's regular shifts, and the
claim and substitution checks (``officers.services.caps``) count them like details.

The import is a CSV file, one regular shift a line, in the agency's local time::

    badge,date,start,end
    1234,2027-03-08,07:00,15:00
    1234,2027-03-09,23:00,07:00      <- ends the next morning

It is read whole first (``read_duty_csv``): a line with a mistake refuses the file, naming the
line, and nothing changes. ``plan`` then compares it with what is stored: for each officer in the
file, the days from their first to their last shift in it are replaced (so importing next month's
schedule again, corrected, is harmless). ``apply`` writes the plan (audited).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from audit import log
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.limits import limit
from officers.models import DutyShift, Officer

MAX_LINES = 5000
MAX_BYTES = 1_000_000
HEADER = ("badge", "date", "start", "end")


@dataclass(frozen=True)
class DutyLine:
    line: int
    badge: str
    starts_at: datetime
    ends_at: datetime


@dataclass
class OfficerChange:
    officer: Officer
    first_day: date
    last_day: date
    shifts: list[tuple[datetime, datetime]] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    kept: int = 0


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
        if not badge or len(badge) > 20:
            raise DomainError(f"Line {number}: give the officer's badge number.")
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
        lines.append(DutyLine(number, badge, starts_at, ends_at))
    if not lines:
        raise DomainError("The file has no shifts.")
    return lines


def plan(agency, lines: list[DutyLine]) -> list[OfficerChange]:
    """What importing ``lines`` changes, per officer; an unknown badge refuses the file."""
    badges = {line.badge for line in lines}
    officers = {
        o.badge_number: o
        for o in Officer._base_manager.filter(
            agency=agency, badge_number__in=badges
        ).select_related("user")
    }
    zone = ZoneInfo(agency.time_zone)
    changes: dict[str, OfficerChange] = {}
    for line in lines:
        officer = officers.get(line.badge)
        if officer is None:
            raise DomainError(f"Line {line.line}: no officer of the agency has badge {line.badge}.")
        local_day = line.starts_at.astimezone(zone).date()
        change = changes.get(line.badge)
        if change is None:
            change = changes[line.badge] = OfficerChange(officer, local_day, local_day)
        change.first_day = min(change.first_day, local_day)
        change.last_day = max(change.last_day, local_day)
        for start, end in change.shifts:
            if start < line.ends_at and line.starts_at < end:
                raise DomainError(
                    f"Line {line.line}: overlaps another shift of badge {line.badge} in the file."
                )
        change.shifts.append((line.starts_at, line.ends_at))
    for change in changes.values():
        stored = {(d.starts_at, d.ends_at) for d in _stored(change, zone)}
        new = set(change.shifts)
        change.kept = len(stored & new)
        change.added = len(new - stored)
        change.removed = len(stored - new)
    return sorted(changes.values(), key=lambda c: (c.officer.user.display_name, c.officer.pk))


def _stored(change: OfficerChange, zone: ZoneInfo):
    start = datetime.combine(change.first_day, time(), zone)
    end = datetime.combine(change.last_day + timedelta(days=1), time(), zone)
    return DutyShift._base_manager.filter(
        officer=change.officer, starts_at__gte=start, starts_at__lt=end
    )


def apply(agency, changes: list[OfficerChange], *, actor) -> int:
    """Replace each officer's duty shifts in the days the file covers; returns shifts stored."""
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
            },
        )
    return stored

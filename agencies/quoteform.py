"""The public quote form: its fields, its defaults, and the docs/api.md quote request it makes.

The form speaks in a customer's terms (a date, a start and an end time in the agency's time
zone, officers per shift); ``to_request_data`` turns it into the same JSON body the API takes, so
the page, the API and ``manage.py quote`` share one parser (``agencies.pricing.wire``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agencies.pricing import card as c
from agencies.pricing.types import QuoteError

MAX_SHIFTS = 20
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


@dataclass
class ShiftRow:
    date: str = ""
    start: str = ""
    end: str = ""
    officers: str = ""


@dataclass
class QuoteForm:
    shifts: list[ShiftRow]
    rank: str = ""
    tier: str = ""
    job_type: str = "hourly"
    add_ons: list[str] = field(default_factory=list)
    rows_changed: bool = False  # a shift was added or removed: the page redraws the shift rows

    @classmethod
    def initial(cls, card: c.RateCard, now: datetime) -> QuoteForm:
        """Two officers, 6-10 PM, two weeks out: a sensible first quote to look at."""
        day = now.astimezone(ZoneInfo(card.time_zone)).date() + timedelta(days=14)
        return cls(
            shifts=[ShiftRow(day.isoformat(), "18:00", "22:00", "2")],
            rank=card.base_rank,
            tier=card.default_tier or "",
            job_type="hourly" if any(j.code == "hourly" for j in card.job_types) else "",
        )

    @classmethod
    def from_post(cls, data) -> QuoteForm:
        """Read the posted form (a QueryDict); applies "add shift" / "remove shift" actions."""
        count = _int(data.get("shift_count"), 1)
        count = max(1, min(count, MAX_SHIFTS))
        rows = [
            ShiftRow(
                data.get(f"shift-{i}-date", "").strip(),
                data.get(f"shift-{i}-start", "").strip(),
                data.get(f"shift-{i}-end", "").strip(),
                data.get(f"shift-{i}-officers", "").strip(),
            )
            for i in range(count)
        ]
        form = cls(
            shifts=rows,
            rank=data.get("rank", "").strip(),
            tier=data.get("tier", "").strip(),
            job_type=data.get("job_type", "").strip(),
            add_ons=[code for code in data.getlist("add_ons") if code],
        )
        action = data.get("action", "")
        if action == "add_shift" and len(rows) < MAX_SHIFTS:
            form.shifts.append(_next_row(rows[-1]))
            form.rows_changed = True
        elif action.startswith("remove_shift:") and len(rows) > 1:
            index = _int(action.split(":", 1)[1], -1)
            if 0 <= index < len(rows):
                del form.shifts[index]
                form.rows_changed = True
        return form

    def job_type_of(self, card: c.RateCard) -> c.JobType | None:
        return next((j for j in card.job_types if j.code == self.job_type), None)

    def to_request_data(self, card: c.RateCard) -> dict:
        """The docs/api.md quote request body. Raises QuoteError for what the form itself can tell
        (a missing date, a time that is not a time), with the field the engine would name."""
        shifts = []
        for index, row in enumerate(self.shifts):
            where = f"shifts[{index}]"
            if not row.date:
                raise QuoteError(f"{where}.date", "Choose the date of the shift.")
            if not DATE_RE.match(row.date):
                raise QuoteError(f"{where}.date", "Enter the date as YYYY-MM-DD.")
            try:
                day = date.fromisoformat(row.date)
            except ValueError:
                raise QuoteError(f"{where}.date", "That date does not exist.") from None
            start = _time(row.start, f"{where}.starts_at", "start")
            end = _time(row.end, f"{where}.ends_at", "end")
            if end == start:
                raise QuoteError(f"{where}.ends_at", "The end must be after the start.")
            # An end earlier than the start is the next morning (10 PM - 2 AM).
            end_day = day + timedelta(days=1) if end < start else day
            if row.officers == "":
                raise QuoteError(f"{where}.officers", "Enter how many officers you need.")
            officers = _int(row.officers, None)
            if officers is None:
                raise QuoteError(f"{where}.officers", "Enter the number of officers as a number.")
            shifts.append(
                {
                    "starts_at": datetime.combine(day, start).isoformat(),
                    "ends_at": datetime.combine(end_day, end).isoformat(),
                    "officers": officers,
                }
            )
        data: dict = {"shifts": shifts}
        if self.rank:
            data["rank"] = self.rank
        if self.job_type:
            data["job_type"] = self.job_type
        job_type = self.job_type_of(card)
        if self.tier and card.tiers and (job_type is None or job_type.uses_tiers):
            data["tier"] = self.tier
        if self.add_ons:
            data["add_ons"] = list(self.add_ons)
        return data


def _next_row(row: ShiftRow) -> ShiftRow:
    """A new shift copies the last one, a day later."""
    try:
        day = (date.fromisoformat(row.date) + timedelta(days=1)).isoformat()
    except ValueError:
        day = ""
    return ShiftRow(day, row.start, row.end, row.officers)


def _int(value, default):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _time(value: str, field_name: str, which: str) -> time:
    if not value:
        raise QuoteError(field_name, f"Choose the {which} time.")
    if not TIME_RE.match(value):
        raise QuoteError(field_name, f"Enter the {which} time like 18:00.")
    try:
        if value.count(":") == 1:
            hour, minute = value.split(":")
            value = f"{int(hour):02d}:{minute}"
        return time.fromisoformat(value)
    except ValueError:
        raise QuoteError(field_name, f"The {which} time is not a time of day.") from None


def error_slot(field_name: str) -> str:
    """The id of the element that shows an error for a request field:
    "shifts[0].ends_at" -> "err-shifts-0-ends_at"."""
    return "err-" + re.sub(r"[^a-z0-9_]+", "-", field_name.lower()).strip("-")


def error_slots(form: QuoteForm) -> list[str]:
    """Every error slot on the form, so a recalculation can clear the ones that no longer apply."""
    names = ["rank", "tier", "job_type", "add_ons", "shifts", "requested_at"]
    for index in range(len(form.shifts)):
        parts = ("date", "starts_at", "ends_at", "officers")
        names += [f"shifts[{index}].{part}" for part in parts]
    return [error_slot(name) for name in names]

"""The shift form shared by the public quote page and the job request page, and the quote form
around it.

The shifts are a Django formset (``ShiftFormSet``, prefix ``shift``: ``shift-0-date``,
``shift-0-start``, ``shift-0-end``, ``shift-0-officers``). Each row is read in a customer's terms
(a date, a start and an end time in the agency's time zone, officers) and its cleaned data are
aware datetimes: an end earlier than the start is the next morning (10 PM - 2 AM). Every value is
bounded (PLAT-LIMIT-1): the number of shifts, officers per shift, how far ahead a date may be;
a value out of bounds is refused next to its field, naming the limit.

Errors are named like the API's fields ("shifts[0].ends_at"), so both pages place them where
they place the engine's and the services' errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms

from agencies.pricing import card as c
from agencies.pricing.timefmt import local_time
from detailhire.limits import limit

MAX_SHIFTS = 20  # rows the page offers (an API request may have more: ``shifts_per_request``)
MAX_DAYS_BACK = 366  # a date further back is not a shift anyone is booking
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
PARTS = {"date": "date", "start": "starts_at", "end": "ends_at", "officers": "officers"}


class DayField(forms.CharField):
    """A date typed as YYYY-MM-DD."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=10,
            error_messages={
                "required": "Choose the date of the shift.",
                "max_length": "Enter the date as YYYY-MM-DD.",
                "null_characters_not_allowed": "Enter the date as YYYY-MM-DD.",
            },
            **kwargs,
        )

    def clean(self, value):
        text = super().clean(value).strip()
        if not DATE_RE.match(text):
            raise forms.ValidationError("Enter the date as YYYY-MM-DD.")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError("That date does not exist.") from None


class ClockField(forms.CharField):
    """A time of day typed as 18:00 (or 18:00:00)."""

    def __init__(self, which: str, **kwargs):
        self.which = which
        super().__init__(
            max_length=8,
            error_messages={
                "required": f"Choose the {which} time.",
                "max_length": f"Enter the {which} time like 18:00.",
                "null_characters_not_allowed": f"Enter the {which} time like 18:00.",
            },
            **kwargs,
        )

    def clean(self, value):
        text = super().clean(value).strip()
        if not TIME_RE.match(text):
            raise forms.ValidationError(f"Enter the {self.which} time like 18:00.")
        hour, rest = text.split(":", 1)
        try:
            return time.fromisoformat(f"{int(hour):02d}:{rest}")
        except ValueError:
            raise forms.ValidationError(f"The {self.which} time is not a time of day.") from None


class OfficersField(forms.CharField):
    """A whole number of officers, 1 to the ``officers_per_shift`` limit."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=12,
            error_messages={
                "required": "Enter how many officers you need.",
                "max_length": "Enter the number of officers as a number.",
                "null_characters_not_allowed": "Enter the number of officers as a number.",
            },
            **kwargs,
        )

    def clean(self, value):
        text = super().clean(value).strip()
        if not text.isascii() or not text.lstrip("+-").isdigit():
            raise forms.ValidationError("Enter the number of officers as a number.")
        officers = int(text)
        if officers < 1:
            raise forms.ValidationError("Officers: must be at least 1 officer.")
        most = limit("officers_per_shift")
        if officers > most:
            raise forms.ValidationError(f"At most {most} officers per shift.")
        return officers


class ShiftForm(forms.Form):
    """One shift in the agency's local time; cleaned: ``starts_at`` and ``ends_at`` (aware) and
    ``officers``."""

    date = DayField()
    start = ClockField("start")
    end = ClockField("end")
    officers = OfficersField()

    def __init__(self, *args, tz: ZoneInfo, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.today = today

    def clean_date(self):
        day = self.cleaned_data["date"]
        years = limit("years_ahead")
        latest = self.today.replace(year=self.today.year + years, day=min(self.today.day, 28))
        if day > latest:
            raise forms.ValidationError(
                f"Choose a date at most {years} years ahead (by {latest.isoformat()})."
            )
        earliest = max(
            self.today - timedelta(days=MAX_DAYS_BACK), date(limit("earliest_year"), 1, 1)
        )
        if day < earliest:
            raise forms.ValidationError("That date is long past: choose a date from today on.")
        return day

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day is None or start is None or end is None:
            return data
        if end == start:
            self.add_error("end", "The end must be after the start.")
            return data
        end_day = day + timedelta(days=1) if end < start else day
        data["starts_at"] = local_time(datetime.combine(day, start), self.tz)
        data["ends_at"] = local_time(datetime.combine(end_day, end), self.tz)
        return data


class BaseShiftFormSet(forms.BaseFormSet):
    def errors_by_field(self) -> list[tuple[str, str]]:
        """Each row's errors as ("shifts[0].ends_at", message), in page order."""
        found = []
        for index, form in enumerate(self.forms):
            for part, name in PARTS.items():
                for message in form.errors.get(part, ()):
                    found.append((f"shifts[{index}].{name}", message))
            for message in form.non_field_errors():
                found.append((f"shifts[{index}]", message))
        for message in self.non_form_errors():
            found.append(("shifts", message))
        return found

    def values(self) -> list[tuple[datetime, datetime, int]]:
        """(starts_at, ends_at, officers) of each row; call after ``is_valid()``."""
        return [
            (f.cleaned_data["starts_at"], f.cleaned_data["ends_at"], f.cleaned_data["officers"])
            for f in self.forms
        ]


ShiftFormSet = forms.formset_factory(
    ShiftForm,
    formset=BaseShiftFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_SHIFTS,
    absolute_max=MAX_SHIFTS,
    validate_min=True,
    validate_max=True,
)


@dataclass
class ShiftRow:
    """A shift row as typed (what the page shows again)."""

    date: str = ""
    start: str = ""
    end: str = ""
    officers: str = ""


@dataclass
class QuoteForm:
    """The quote form: the shift rows (read by ``ShiftFormSet``) and the card's options (codes
    the engine or the services check against the card)."""

    shifts: list[ShiftRow]
    rank: str = ""
    tier: str = ""
    job_type: str = "hourly"
    add_ons: list[str] = field(default_factory=list)
    # how many of each add-on priced per unit, as typed ("qty-<code>"); empty: 1 (PLAT-ADDON-1)
    quantities: dict[str, str] = field(default_factory=dict)
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
        count = max(1, min(_int(data.get("shift_count"), 1), MAX_SHIFTS))
        rows = [
            ShiftRow(*(_text(data.get(f"shift-{i}-{part}")) for part in PARTS))
            for i in range(count)
        ]
        form = cls(
            shifts=rows,
            rank=_text(data.get("rank")),
            tier=_text(data.get("tier")),
            job_type=_text(data.get("job_type")),
            add_ons=[_text(code) for code in data.getlist("add_ons")[:50] if _text(code)],
        )
        form.quantities = {
            code: _text(data.get(f"qty-{code}"))[:6]
            for code in form.add_ons
            if _text(data.get(f"qty-{code}"))
        }
        action = _text(data.get("action"))
        if action == "add_shift" and len(rows) < MAX_SHIFTS:
            form.shifts.append(_next_row(rows[-1]))
            form.rows_changed = True
        elif action.startswith("remove_shift:") and len(rows) > 1:
            index = _int(action.split(":", 1)[1], -1)
            if 0 <= index < len(rows):
                del form.shifts[index]
                form.rows_changed = True
        return form

    def as_query(self) -> list[tuple[str, str]]:
        """The form as parameters ``from_post`` reads, so another page (the job request) opens
        with the same quote."""
        pairs = [("shift_count", str(len(self.shifts)))]
        for index, row in enumerate(self.shifts):
            pairs += [(f"shift-{index}-{part}", getattr(row, part)) for part in PARTS]
        options = (("rank", self.rank), ("tier", self.tier), ("job_type", self.job_type))
        pairs += [(name, value) for name, value in options if value]
        pairs += [("add_ons", code) for code in self.add_ons]
        pairs += [(f"qty-{code}", text) for code, text in self.quantities.items()]
        return pairs

    def job_type_of(self, card: c.RateCard) -> c.JobType | None:
        return next((j for j in card.job_types if j.code == self.job_type), None)

    def shift_formset(self, card: c.RateCard, now: datetime) -> BaseShiftFormSet:
        """The shift rows, bound, in the card's time zone."""
        tz = ZoneInfo(card.time_zone)
        count = str(len(self.shifts))
        # Every row counts (as "initial"): an empty row is an error, not a row to skip.
        data = {"shift-TOTAL_FORMS": count, "shift-INITIAL_FORMS": count}
        for index, row in enumerate(self.shifts):
            for part in PARTS:
                data[f"shift-{index}-{part}"] = getattr(row, part)
        return ShiftFormSet(
            data,
            prefix="shift",
            form_kwargs={"tz": tz, "today": now.astimezone(tz).date()},
        )

    def options(self, card: c.RateCard) -> dict:
        """The card's options asked for: ``rank``, ``tier`` (only where the job is priced by
        tier), ``job_type``, ``add_ons`` (codes; the card checks them) and ``quantities`` of the
        add-ons priced per unit (a quantity that is not a whole number reads as 0, which the card
        refuses in words)."""
        job_type = self.job_type_of(card)
        uses_tiers = bool(card.tiers) and (job_type is None or job_type.uses_tiers)
        return {
            "rank": self.rank or None,
            "tier": (self.tier or None) if uses_tiers else None,
            "job_type": self.job_type or "hourly",
            "add_ons": tuple(self.add_ons),
            "quantities": tuple(
                (code, _int(text, 0)) for code, text in self.quantities.items() if code
            ),
        }


def _next_row(row: ShiftRow) -> ShiftRow:
    """A new shift copies the last one, a day later."""
    try:
        day = (date.fromisoformat(row.date) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        day = ""
    return ShiftRow(day, row.start, row.end, row.officers)


def _text(value) -> str:
    """A posted value as stripped text, at most 200 characters (a row's fields are checked by
    ``ShiftForm``; codes by the card)."""
    return str(value or "").strip()[:200]


def _int(value, default):
    try:
        return int(str(value).strip()[:6])
    except (TypeError, ValueError):
        return default


# --- errors: where each one shows ------------------------------------------------------------

FIELD_WORDS = {
    "date": "Date",
    "starts_at": "Start",
    "ends_at": "End",
    "officers": "Officers",
    "rank": "Rank",
    "tier": "Tier",
    "job_type": "Kind of job",
    "add_ons": "Extras",
    "shifts": "Shifts",
}
# The quote form's own fields (a page adds its others: the request page's title, category...).
QUOTE_KEYS = ("rank", "tier", "job_type", "add_ons", "shifts", "requested_at")
ROW_PARTS = {"date": "date", "starts_at": "start", "ends_at": "end", "officers": "officers"}
ROW_SLOTS = ("date", "start", "end", "officers", "general")


def in_words(field: str, message: str) -> str:
    """A message as a sentence for the form: "must be at least 1 officer" on
    "shifts[0].officers" -> "Officers: must be at least 1 officer."."""
    message = message.strip()
    if message and message[0].islower():
        name = FIELD_WORDS.get(field.rsplit(".", 1)[-1].split("[", 1)[0])
        message = f"{name}: {message}" if name else message[0].upper() + message[1:]
    if message and message[-1] not in ".!?":
        message += "."
    return message


def row_slot(index: int, part: str) -> str:
    """The id of a shift row's error line: its field's id and "_error" ((0, "end") ->
    "shift-0-end_error"), like every error line of the site."""
    return f"shift-{index}-{part}_error"


class FormErrors:
    """A quote form's errors (the forms', the engine's, the services'), each where it shows: by
    field key (``fields``: "rank", "title"...), or by shift row and part (``rows``: date, start,
    end, officers, general). Errors name fields like the API ("shifts[1].ends_at"); a field the
    page does not show lands in "general". The first error per place is kept."""

    def __init__(self, keys=QUOTE_KEYS):
        self.keys = tuple(keys)
        self.fields: dict[str, str] = {}
        self.rows: dict[int, dict[str, str]] = {}

    def _place(self, field: str) -> tuple[int | None, str]:
        if field.startswith("shifts[") and "]" in field:
            index = field[len("shifts[") : field.index("]")]
            part = field.rsplit(".", 1)[-1] if "." in field else ""
            if index.isdigit() and len(index) < 4:
                return int(index), ROW_PARTS.get(part, "general")
        key = field.split(".", 1)[0].split("[", 1)[0]
        return None, (key if key in self.keys else "general")

    def add(self, field: str | None, message: str) -> None:
        field = field or ""
        message = in_words(field, message)
        row, key = self._place(field)
        if row is not None:
            self.rows.setdefault(row, {}).setdefault(key, message)
        else:
            self.fields.setdefault(key, message)

    def add_form(self, form, only=None) -> None:
        """A Django form's errors, by its field names (those in ``only`` when given)."""
        for name, found in form.errors.items():
            if only is None or name in only:
                self.add(name if name != "__all__" else "", found[0])

    def first(self) -> str:
        for message in self.fields.values():
            return message
        for row in self.rows.values():
            for message in row.values():
                return message
        return ""

    def shift_rows(self, form: QuoteForm) -> list[dict]:
        """The shift rows as the shared template shows them: each with its typed values, its
        errors and the ids of its error lines."""
        return [
            {
                "index": index,
                "row": row,
                "errors": self.rows.get(index, {}),
                "slots": {part: row_slot(index, part) for part in ROW_SLOTS},
            }
            for index, row in enumerate(form.shifts)
        ]

    def refreshed(self, form: QuoteForm, keys=None) -> list[tuple[str, str, bool]]:
        """Every error line a live recalculation refreshes, as (id, message, is a shift row's):
        the fields ``keys`` (default: all) and, unless the rows are redrawn, each row's."""
        keys = keys or self.keys
        slots = [(f"{key}_error", self.fields.get(key, ""), False) for key in keys]
        if not form.rows_changed:  # otherwise the redrawn rows carry their own lines
            for index in range(len(form.shifts)):
                row = self.rows.get(index, {})
                slots += [(row_slot(index, part), row.get(part, ""), True) for part in ROW_SLOTS]
        return slots

    def __bool__(self) -> bool:
        return bool(self.fields or self.rows)

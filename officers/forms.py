"""Forms of the officer pages: they parse input; the services decide (and name the field when
they refuse)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from detailhire.errors import DomainError
from detailhire.forms import PhoneField
from detailhire.phones import MAX_LENGTH as PHONE_MAX
from officers.inputs import FIRST_DAY, MAX_OFFSET, MAX_PAY, last_day
from officers.services.attendance import REASON_MAX, Location, parse_location
from officers.services.board import BoardFilters
from officers.services.invitations import (
    MAX_SPECIALTIES,
    MAX_SPECIALTY,
    OfficerInvitation,
    OfficerRecord,
)
from officers.services.notes import MAX_TEXT


class BoardFilterForm(forms.Form):
    starts_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_pay = forms.DecimalField(
        label="Minimum pay per hour",
        required=False,
        min_value=0,
        max_value=MAX_PAY,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"step": "0.01", "inputmode": "decimal", "placeholder": "0.00"}
        ),
    )
    job_type = forms.ChoiceField(label="Job type", required=False)

    def __init__(self, *args, job_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_type"].choices = [("", "Any job type"), *job_types]

    def clean(self):
        data = super().clean()
        first, last = FIRST_DAY, last_day()
        for name, label in (("starts_from", "From"), ("starts_to", "To")):
            day = data.get(name)
            if day and not first <= day <= last:
                self.add_error(name, f"{label}: pick a date between {first} and {last}.")
                data.pop(name, None)
        start, end = data.get("starts_from"), data.get("starts_to")
        if start and end and end < start:
            self.add_error("starts_to", "To: pick a date on or after the From date.")
        return data

    def filters(self, time_zone: str) -> BoardFilters:
        """The service's filters; dates are whole local days (To is included)."""
        if not self.is_valid():
            return BoardFilters()
        tz = ZoneInfo(time_zone)
        data = self.cleaned_data

        def at(day):
            return datetime.combine(day, time(0), tzinfo=tz)

        return BoardFilters(
            starts_from=at(data["starts_from"]) if data.get("starts_from") else None,
            starts_to=at(data["starts_to"] + timedelta(days=1)) if data.get("starts_to") else None,
            min_pay=data.get("min_pay"),
            job_type=data.get("job_type") or None,
        )


class PageForm(forms.Form):
    """Where a list page starts (``?offset=``); a bad or out-of-bounds value starts at 0."""

    offset = forms.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)

    def offset_or_zero(self) -> int:
        return (self.cleaned_data.get("offset") or 0) if self.is_valid() else 0


def split_specialties(text: str) -> tuple[str, ...]:
    """ "Canine, mounted" -> ("canine", "mounted"): lower case, once each, short words."""
    words: list[str] = []
    for item in (text or "").split(","):
        word = item.strip().lower()[:MAX_SPECIALTY]
        if word and word not in words:
            words.append(word)
    return tuple(words)


class OfficerRecordForm(forms.Form):
    """What the agency keeps about an officer: rank, badge, seniority and specialties."""

    rank = forms.ChoiceField(label="Rank")
    badge_number = forms.CharField(label="Badge number", max_length=20)
    seniority_date = forms.DateField(
        label="Seniority date", widget=forms.DateInput(attrs={"type": "date"})
    )
    specialties = forms.CharField(
        label="Specialties",
        required=False,
        help_text="Separated by commas, e.g. motorcycle, canine, mounted.",
    )

    def __init__(self, *args, ranks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = list(ranks)

    def clean_specialties(self):
        words = split_specialties(self.cleaned_data.get("specialties", ""))
        if len(words) > MAX_SPECIALTIES:
            raise ValidationError(f"Specialties: list at most {MAX_SPECIALTIES}.")
        return words


class InviteOfficerForm(OfficerRecordForm):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email", help_text="The invitation is sent here.")
    phone = PhoneField(label="Phone", required=False, max_length=PHONE_MAX)

    def __init__(self, *args, ranks=(), **kwargs):
        super().__init__(*args, ranks=ranks, **kwargs)
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")

    def invitation(self) -> OfficerInvitation:
        """The typed value for ``invite_officer`` (call after ``is_valid()``)."""
        data = self.cleaned_data
        return OfficerInvitation(
            email=data["email"].strip().lower(),
            full_name=data["full_name"].strip(),
            rank=data["rank"],
            badge_number=data["badge_number"].strip(),
            seniority_date=data["seniority_date"],
            specialties=data["specialties"],
            phone=data["phone"],
        )


class EditOfficerForm(OfficerRecordForm):
    active = forms.BooleanField(
        label="Active",
        required=False,
        help_text="An inactive officer cannot log in to the officer pages or claim details; "
        "their history stays.",
    )

    def record(self) -> OfficerRecord:
        data = self.cleaned_data
        return OfficerRecord(
            rank=data["rank"],
            badge_number=data["badge_number"].strip(),
            seniority_date=data["seniority_date"],
            specialties=tuple(data["specialties"]),
            active=data["active"],
        )


class PhoneForm(forms.Form):
    phone = PhoneField(
        label="Phone",
        required=False,
        max_length=PHONE_MAX,
        help_text="Your coordinator calls this number about your details.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class AttendanceForm(forms.Form):
    """Check in / check out: the browser fills ``location`` when the officer allows it; anything
    but a plausible "lat,lng" is dropped (the location is optional)."""

    location = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def clean_location(self) -> Location | None:
        return parse_location(self.cleaned_data.get("location"))


class UndoCheckOutForm(forms.Form):
    """A coordinator reopens a check-out: the reason is recorded (PLAT-ATTEND-1)."""

    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "Why the check-out is undone"}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened on the detail: arrivals, incidents, anything the customer "
        "should know.",
    )
    file = forms.FileField(
        label="Photo or PDF",
        required=False,
        help_text="JPEG, PNG, WebP or PDF, up to 10 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )


class DutyImportForm(forms.Form):
    """A regular duty schedule: a CSV file, or (when confirming the preview) its text again."""

    document = forms.FileField(
        label="Duty schedule (CSV)",
        required=False,
        help_text="One regular shift a line: badge (or email),date,start,end in local time "
        "(an end before the start is the next morning).",
    )
    text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1_000_000)

    def csv_text(self) -> str:
        upload = self.cleaned_data.get("document")
        if upload is not None:
            if upload.size > 1_000_000:
                raise DomainError("The file is too large (at most 1 MB).", field="document")
            try:
                return upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise DomainError("The file is not UTF-8 text.", field="document") from None
        if self.cleaned_data.get("text"):
            return self.cleaned_data["text"]
        raise DomainError("Choose the CSV file to import.", field="document")


class DutyFeedForm(forms.Form):
    """The address of the iCal calendar the agency's scheduling system publishes (and, when
    confirming the preview, a fingerprint of the calendar the preview showed)."""

    url = forms.URLField(
        label="Calendar address (iCal)",
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The https:// (or http://) address of the calendar. Each event is one shift; "
        "the officer is its attendee's email, or the badge number first in its title.",
    )
    digest = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

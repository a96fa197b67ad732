"""Customer page forms. They read a page's post into the typed values the services take
(``jobs.inputs``), checking what a form can tell on its own (required, length, a number, a bound)
with messages naming the field; the services (``jobs.services``) check the rest and their errors
are shown next to the field they name (``attach_error``).

The shift rows of a request are read by ``agencies.quoteform.ShiftFormSet`` (shared with the
public quote page); the rows of a reduction by ``ReduceRows`` here."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxValueValidator

from agencies.pricing.timefmt import local_time
from detailhire.errors import DomainError
from detailhire.limits import limit
from jobs.inputs import TEXT_LIMITS, JobDetails, ShiftChange


class JobDetailsForm(forms.Form):
    """The parts of a job request that are not priced (the priced parts, shifts, rank, tier, job
    type and extras, are read by ``agencies.quoteform.QuoteForm`` like the public quote page)."""

    title = forms.CharField(
        label="Title",
        max_length=TEXT_LIMITS["title"],
        help_text='What officers and the coordinator see, e.g. "Spring market, north gate".',
        error_messages={
            "required": "Enter a title for the job.",
            "max_length": f"The title can be at most {TEXT_LIMITS['title']} characters.",
        },
    )
    category = forms.CharField(
        label="Kind of work",
        max_length=limit("code_length"),
        error_messages={
            "required": "Choose the kind of work (the category).",
            "max_length": "Choose the kind of work from the list (unknown category).",
        },
    )
    address = forms.CharField(
        label="Site address",
        max_length=TEXT_LIMITS["address"],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the address where the officers work.",
            "max_length": (f"The site address can be at most {TEXT_LIMITS['address']} characters."),
        },
    )
    site_contact_name = forms.CharField(
        label="On-site contact",
        max_length=TEXT_LIMITS["site_contact_name"],
        required=False,
        help_text="Who officers ask for when they arrive.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "max_length": (
                f"The on-site contact can be at most {TEXT_LIMITS['site_contact_name']} characters."
            )
        },
    )
    site_contact_phone = forms.CharField(
        label="On-site phone",
        max_length=TEXT_LIMITS["site_contact_phone"],
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "max_length": (
                f"The on-site phone can be at most {TEXT_LIMITS['site_contact_phone']} characters."
            )
        },
    )
    post_orders = forms.CharField(
        label="Post orders and instructions",
        max_length=TEXT_LIMITS["post_orders"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Where to stand, what to watch, who may enter, parking, dress. Officers read these "
            "before the shift."
        ),
        error_messages={
            "max_length": (
                f"The post orders can be at most {TEXT_LIMITS['post_orders']} characters."
            )
        },
    )
    repeat_weeks = forms.IntegerField(
        label="Number of weeks",
        required=False,
        min_value=0,
        max_value=52,
        help_text=(
            "For a weekly detail: the same shifts every week, as a series of jobs. Leave empty "
            "for a one-time job."
        ),
        error_messages={
            "invalid": "Enter the number of weeks as a whole number.",
            "min_value": "The weekly repeat cannot be negative.",
            "max_value": "The weekly repeat can be at most 52 weeks.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    preferred_officers = forms.TypedMultipleChoiceField(
        label="Preferred officers",
        required=False,
        coerce=int,
        error_messages={
            "invalid_choice": "Choose preferred officers from the officers who worked your jobs."
        },
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=TEXT_LIMITS["idempotency_key"], required=False
    )

    def __init__(self, *args, officers=(), **kwargs):
        kwargs.setdefault("auto_id", "%s")  # ids the live preview's error lines are named after
        super().__init__(*args, **kwargs)
        self.officers = list(officers)
        self.fields["preferred_officers"].choices = [(o.pk, o.pk) for o in officers]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_preferred_officers(self):
        chosen = self.cleaned_data["preferred_officers"]
        most = limit("preferred_officers")
        if len(chosen) > most:
            raise forms.ValidationError(f"Choose at most {most} preferred officers.")
        return chosen

    def job_details(self) -> JobDetails:
        """The typed details (after ``is_valid()``)."""
        data = self.cleaned_data
        return JobDetails(
            title=data["title"],
            address=data["address"],
            post_orders=data["post_orders"],
            site_contact_name=data["site_contact_name"],
            site_contact_phone=data["site_contact_phone"],
            preferred_officer_ids=tuple(data["preferred_officers"]),
            idempotency_key=data["idempotency_key"],
        )


class DenyForm(forms.Form):
    reason = forms.CharField(
        label="Reason for denying",
        max_length=TEXT_LIMITS["reason"],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The customer reads it.",
        error_messages={
            "required": "Say why the job is denied: the customer will read it.",
            "max_length": f"The reason can be at most {TEXT_LIMITS['reason']} characters.",
        },
    )


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        max_length=TEXT_LIMITS["reason"],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Say why (a short reason).",
            "max_length": f"The reason can be at most {TEXT_LIMITS['reason']} characters.",
        },
    )


def _figure(**kwargs) -> forms.DecimalField:
    """A hidden amount the page showed (what the user confirms)."""
    return forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, widget=forms.HiddenInput, **kwargs
    )


class CancelForm(forms.Form):
    """Cancel the whole job: the reason, police necessity (the agency's, NOPD-CANCEL-1: the
    service decides who may), and the charge the page showed (``expected_total``: the service
    refuses when the charge is now different)."""

    reason = _reason_field()
    police_necessity = forms.BooleanField(
        required=False,
        label="Police necessity or extraordinary circumstances: no charge, full refund",
    )
    expected_total = _figure()

    def clean(self):
        data = super().clean()
        if data.get("police_necessity"):
            # The page shows the ordinary charge; a police-necessity cancellation has its own
            # (none), so there is no shown figure to hold it to.
            data["expected_total"] = None
        return data


class ReduceForm(forms.Form):
    """Confirm a reduction: the reason, and the charge and new price the page showed."""

    reason = _reason_field()
    expected_total = _figure()
    expected_new_total = _figure()


class ReduceRowForm(forms.Form):
    """One shift of a reduction: its new officer count (0 removes it) and its new end, a time of
    day in the agency's time zone. An end at or before the start's time of day is the next day
    (a 10 PM - 2 AM shift ends at 2 AM the next morning)."""

    officers = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "Officers: enter the number of officers as a number.",
            "invalid": "Officers: enter the number of officers as a number.",
            "min_value": "Officers: enter the number of officers as a number (0 or more).",
            "max_value": "Officers: at most %(limit_value)s officers per shift.",
        },
    )
    end = forms.CharField(
        label="Ends at",
        max_length=8,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": "End: enter the end time like 21:00.",
            "max_length": "End: enter the end time like 21:00.",
            "null_characters_not_allowed": "End: enter the end time like 21:00.",
        },
    )

    def __init__(self, *args, shift, tz: ZoneInfo, **kwargs):
        self.shift, self.tz = shift, tz
        end = shift.ends_at.astimezone(tz)
        kwargs.setdefault("initial", {"officers": shift.officers, "end": end.strftime("%H:%M")})
        super().__init__(*args, prefix=f"reduce-{shift.index}", **kwargs)
        officers = self.fields["officers"]
        officers.label = f"Officers (now {shift.officers})"
        officers.widget.attrs.update({"min": 0, "max": shift.officers, "inputmode": "numeric"})
        self.fields["officers"].validators.append(MaxValueValidator(limit("officers_per_shift")))

    def clean_end(self):
        text = self.cleaned_data["end"].strip()
        try:
            end_time = time.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError("End: enter the end time like 21:00.") from None
        start = self.shift.starts_at.astimezone(self.tz)
        end_day = start.date() + timedelta(days=1) if end_time <= start.time() else start.date()
        return local_time(datetime.combine(end_day, end_time), self.tz)

    def change(self) -> ShiftChange:
        return ShiftChange(
            index=self.shift.index,
            officers=self.cleaned_data["officers"],
            ends_at=self.cleaned_data["end"],
        )


class ReduceRows:
    """The reduce form's rows: one ``ReduceRowForm`` per shift still on (``reduce-<index>-``);
    ``changes()`` is the typed change list the services take."""

    def __init__(self, job, data=None):
        tz = ZoneInfo(job.agency.time_zone)
        self.forms = [
            ReduceRowForm(data, shift=shift, tz=tz)
            for shift in job.shifts.all()
            if not shift.cancelled
        ]

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.forms]  # every row, so each shows its errors
        return all(valid)

    def changes(self) -> tuple[ShiftChange, ...]:
        return tuple(form.change() for form in self.forms)

    def place(self, error: DomainError) -> bool:
        """Show a service error naming a row ("changes[0].officers") next to that row's field;
        False when it names no row."""
        field = error.field or ""
        for prefix in ("changes[", "shifts["):
            if field.startswith(prefix) and "]" in field:
                k = field[len(prefix) : field.index("]")]
                if k.isdigit() and int(k) < len(self.forms):
                    part = field.rsplit(".", 1)[-1]
                    name = {"officers": "officers", "ends_at": "end"}.get(part, "officers")
                    form = self.forms[int(k)]
                    if not hasattr(form, "cleaned_data"):
                        form.is_valid()
                    form.add_error(name, str(error))
                    return True
        return False

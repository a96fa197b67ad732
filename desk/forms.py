"""The desk's forms: every posted value read and bounded here (PLAT-LIMIT-1)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from agencies.pricing.timefmt import local_time
from desk.services import COMMENTS_MAX
from detailhire.limits import year_range
from jobs.inputs import TEXT_LIMITS, ShiftTimes

ID = {"min_value": 1, "max_value": 2**31 - 1}


class OfficerChoiceForm(forms.Form):
    """Assign (``position`` given) or substitute: the officer, from the agency's active officers."""

    officer = forms.TypedChoiceField(
        label="Officer", coerce=int, error_messages={"invalid_choice": "Choose an officer."}
    )
    position = forms.IntegerField(required=False, widget=forms.HiddenInput, **ID)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Choose an officer")] + [
            (o.pk, f"{o.user.display_name} · #{o.badge_number}") for o in officers
        ]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Customer's rating",
        coerce=int,
        choices=[("", "Choose")] + [(n, f"{n} of 5") for n in range(5, 0, -1)],
        error_messages={"required": "Choose the customer's rating, 1 to 5."},
    )
    comments = forms.CharField(
        label="Customer's comments",
        required=False,
        max_length=COMMENTS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Comments: at most {COMMENTS_MAX} characters."},
    )


class LogFilterForm(forms.Form):
    """The agency log's filters (all optional) and its cursor."""

    job = forms.IntegerField(label="Job #", required=False, **ID)
    officer = forms.TypedChoiceField(label="Officer", required=False, coerce=int, empty_value=None)
    actor = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="Kind", required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    after = forms.RegexField(regex=r"^\d{1,12}$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, officers=(), actors=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Any officer")] + [
            (o.pk, o.user.display_name) for o in officers
        ]
        self.fields["actor"].choices = [("", "Anyone")] + [(u.pk, u.display_name) for u in actors]
        self.fields["kind"].choices = [("", "Any kind"), *kinds]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        check_years(self, data, ("since", "until"))
        if since and until and since > until and not self.errors:
            self.add_error("until", "The end date is before the start date.")
        return data


def check_years(form: forms.Form, data: dict, names) -> None:
    """Each date of ``names`` within the years a user may give (PLAT-LIMIT-1), else its field
    says so."""
    low, high = year_range()
    for name in names:
        day = data.get(name)
        if day and not low <= day.year <= high:
            form.add_error(name, f"Give a date from {low} to {high}.")


class PeriodForm(forms.Form):
    since = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 366 * 2

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        check_years(self, data, ("since", "until"))
        if since and until and not self.errors:
            if since > until:
                self.add_error("until", "The end date is before the start date.")
            elif (until - since).days > self.MAX_DAYS:
                self.add_error("until", "A report covers at most two years.")
        return data


def _local_moment(label: str, example: str) -> forms.DateTimeField:
    """A date and time typed in the agency's zone (the form makes it aware)."""
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": f"{label}: give the date and time.",
            "invalid": f"{label}: give the date and time like {example}.",
        },
    )


class ScheduleForm(forms.Form):
    """Change one shift's times (the agency's staff): which shift, its new start and end as
    local date and time in the agency's zone (PLAT-LIMIT-1: the years bounded, the length is the
    service's question), and on confirming the reason and the figures the page showed."""

    shift = forms.TypedChoiceField(
        label="Shift", coerce=int, error_messages={"invalid_choice": "Shift: choose a shift."}
    )
    starts_at = _local_moment("New start", "2027-03-09 08:00")
    ends_at = _local_moment("New end", "2027-03-09 16:00")
    reason = forms.CharField(
        label="Reason (the customer and the officers read it)",
        required=False,
        max_length=TEXT_LIMITS["reason"],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": f"Reason: at most {TEXT_LIMITS['reason']} characters.",
        },
    )
    expected_total = forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, widget=forms.HiddenInput
    )
    expected_new_total = forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, widget=forms.HiddenInput
    )

    def __init__(self, *args, shifts=(), time_zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(time_zone)
        self.fields["shift"].choices = [
            (s.index, f"Shift {s.index + 1}: {s.starts_at.astimezone(self.zone):%a %b %d %H:%M}")
            for s in shifts
        ]

    def _local(self, name: str):
        value = self.cleaned_data[name]
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        low, high = year_range()
        if not low <= naive.year <= high:
            raise forms.ValidationError(f"Give a date from {low} to {high}.")
        return local_time(naive, self.zone)

    def clean_starts_at(self):
        return self._local("starts_at")

    def clean_ends_at(self):
        return self._local("ends_at")

    def change(self) -> ShiftTimes:
        data = self.cleaned_data
        return ShiftTimes(data["shift"], data["starts_at"], data["ends_at"])

"""The desk's forms: every posted value read and bounded here (PLAT-LIMIT-1)."""

from __future__ import annotations

from django import forms

from desk.services import COMMENTS_MAX
from detailhire.limits import year_range

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

"""The preferences, survey and payment-deadline forms (bounded input, messages naming the field)."""

from __future__ import annotations

from django import forms

from notifications.deadlines import REASON_LIMIT
from notifications.kinds import OPTIONAL

RATING_CHOICES = [("", "Choose")] + [(str(n), f"{n} of 5") for n in range(5, 0, -1)]
COMMENT_LIMIT = 2000


class PreferencesForm(forms.Form):
    def __init__(self, *args, muted=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in OPTIONAL.items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kind not in muted
            )

    def muted(self) -> list[str]:
        return [kind for kind in OPTIONAL if not self.cleaned_data.get(kind)]


def _rating(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        error_messages={"required": f"Choose a rating for {label.lower()}."},
    )


def _comment(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The comment can be at most {COMMENT_LIMIT} characters."},
    )


class SurveyForm(forms.Form):
    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = list(officers)
        self.fields["rating"] = _rating("The service overall")
        self.fields["comment"] = _comment("Comments on the service")
        for officer in self.officers:
            name = officer.user.display_name
            self.fields[f"officer_{officer.pk}_rating"] = _rating(f"Officer {name}")
            self.fields[f"officer_{officer.pk}_comment"] = _comment(f"Comments on {name}")

    def officer_rows(self):
        return [
            (o, self[f"officer_{o.pk}_rating"], self[f"officer_{o.pk}_comment"])
            for o in self.officers
        ]


class DeadlineForm(forms.Form):
    """A coordinator moves an unpaid invoice's payment deadline (NOPD-PAY-1): the new deadline,
    in the agency's time, and why."""

    until = forms.DateTimeField(
        label="New deadline",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the agency's local time.",
        error_messages={
            "required": "Give the new deadline.",
            "invalid": "Give the new deadline as a date and a time.",
        },
    )
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded on the job's timeline.",
        error_messages={
            "required": "Say why the deadline moves.",
            "max_length": f"The reason can be at most {REASON_LIMIT} characters.",
        },
    )

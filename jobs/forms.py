"""Customer page forms. They check what a form can tell on its own (required, length, a number)
with messages naming the field; the services (``jobs.services``) check the rest and their errors
are shown next to the field they name (``attach_error``)."""

from __future__ import annotations

import uuid

from django import forms

from detailhire.errors import DomainError


class JobDetailsForm(forms.Form):
    """The parts of a job request that are not priced (the priced parts, shifts, rank, tier, job
    type and extras, are read by ``agencies.quoteform.QuoteForm`` like the public quote page)."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What officers and the coordinator see, e.g. Spring market, north gate.",
        error_messages={
            "required": "Enter a title for the job.",
            "max_length": "The title can be at most 200 characters.",
        },
    )
    category = forms.CharField(
        label="Kind of work",
        error_messages={"required": "Choose the kind of work (the category)."},
    )
    address = forms.CharField(
        label="Site address",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the address where the officers work.",
            "max_length": "The site address can be at most 2000 characters.",
        },
    )
    site_contact_name = forms.CharField(
        label="On-site contact",
        max_length=200,
        required=False,
        help_text="Who officers ask for when they arrive.",
        error_messages={"max_length": "The on-site contact can be at most 200 characters."},
    )
    site_contact_phone = forms.CharField(
        label="On-site contact phone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "The on-site phone can be at most 40 characters."},
    )
    post_orders = forms.CharField(
        label="Post orders and instructions",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where to stand, what to watch, who may enter, parking, dress.",
        error_messages={"max_length": "The post orders can be at most 20000 characters."},
    )
    repeat_weeks = forms.IntegerField(
        label="Repeat weekly",
        required=False,
        min_value=0,
        max_value=52,
        help_text="Number of weeks, for a weekly series (leave empty for a one-time job).",
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
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = list(officers)
        self.fields["preferred_officers"].choices = [(o.pk, o.pk) for o in officers]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class DenyForm(forms.Form):
    reason = forms.CharField(
        label="Reason for denying",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The customer reads it.",
        error_messages={"required": "Say why the job is denied: the customer will read it."},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Say why (a short reason).",
            "max_length": "The reason can be at most 2000 characters.",
        },
    )
    police_necessity = forms.BooleanField(
        required=False,
        label="Police necessity or extraordinary circumstances: no charge, full refund",
    )
    expected_total = forms.DecimalField(required=False, widget=forms.HiddenInput)


def attach_error(form: forms.Form, error: DomainError, fallback: str = "__all__") -> None:
    """Show a service error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else fallback
    form.add_error(None if field == "__all__" else field, str(error))

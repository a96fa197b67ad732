"""The organization page forms: what a form can tell on its own (required, length, an email
address) with messages naming the field; the services (``customers.services``) check the rest."""

from __future__ import annotations

from django import forms

from customers.inputs import OrganizationDetails
from detailhire.forms import PhoneField
from detailhire.phones import MAX_LENGTH as PHONE_MAX


def _required(words: str) -> dict:
    return {"required": f"Enter the {words}.", "max_length": f"The {words} is too long."}


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label="Organization name", max_length=200, error_messages=_required("organization name")
    )
    billing_contact = forms.CharField(
        label="Billing contact",
        max_length=200,
        error_messages=_required("billing contact's name"),
        help_text="The person who receives invoices.",
    )
    billing_email = forms.EmailField(
        label="Billing email",
        error_messages={
            "required": "Enter the billing email address.",
            "invalid": "Enter a valid billing email address, like accounts@example.com.",
        },
    )
    address = forms.CharField(
        label="Address",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("organization's address"),
    )
    phone = PhoneField(
        label="Phone",
        max_length=PHONE_MAX,
        error_messages=_required("phone number"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def details(self) -> OrganizationDetails:
        """The typed value for the services (call after ``is_valid()``)."""
        return OrganizationDetails(**self.cleaned_data)


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=40,
        help_text="A member finds it on their organization page, e.g. 12-ABCDEFGH.",
        error_messages={"required": "Enter the join code a member of the organization gave you."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

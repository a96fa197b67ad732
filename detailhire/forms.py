"""What every page form shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from detailhire.errors import DomainError
from detailhire.phones import clean_phone


def attach_error(form: forms.Form, error: DomainError, fallback: str = "__all__") -> None:
    """Show a service error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else fallback
    form.add_error(None if field == "__all__" else field, str(error))


class PhoneField(forms.CharField):
    """A phone number, checked by ``detailhire.phones`` (the one rule for every phone number)."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_phone(value)
        except DomainError as error:
            raise ValidationError(str(error)) from None

"""What every page form shares."""

from __future__ import annotations

from django import forms

from detailhire.errors import DomainError


def attach_error(form: forms.Form, error: DomainError, fallback: str = "__all__") -> None:
    """Show a service error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else fallback
    form.add_error(None if field == "__all__" else field, str(error))

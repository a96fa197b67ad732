"""The logo form of the profile page (``agencies.logo`` checks the image itself)."""

from __future__ import annotations

from django import forms

from agencies import logo


class LogoForm(forms.Form):
    logo = forms.FileField(
        label="Logo for documents",
        required=False,
        help_text=f"PNG or JPEG, at most {logo.MAX_BYTES // 1024} KB, {logo.MIN_SIDE} to "
        f"{logo.MAX_SIDE} pixels a side. Shown on the agency's pages, invoices and receipts.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove = forms.BooleanField(label="Remove the logo", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("logo") and not data.get("remove") and not self.errors:
            self.add_error("logo", "Choose a PNG or JPEG file (or tick Remove the logo).")
        return data

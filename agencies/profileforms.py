"""Forms of the agency's own pages besides the card: its public profile and inviting staff."""

from __future__ import annotations

from django import forms

from agencies.cardforms import MAX_NAME
from agencies.profile import EDITABLE


class ProfileForm(forms.ModelForm):
    """The agency's public profile (``agencies.profile.update_profile`` saves it)."""

    class Meta:
        from agencies.models import Agency

        model = Agency
        fields = [name for name in EDITABLE if name != "website"]
        labels = {
            "name": "Full name",
            "short_name": "Short name",
            "city": "City",
            "office_phone": "Office phone",
            "after_hours_phone": "After-hours line",
            "toll_free_phone": "Toll-free number",
            "email": "Email",
            "website": "Website",
            "description": "About the agency",
        }
        help_texts = {
            "short_name": "For tight spaces (the page header, invoices).",
            "city": "Where you serve, e.g. New Orleans, LA: customers find you by it.",
        }

    website = forms.URLField(label="Website", required=False, max_length=200, assume_scheme="https")
    field_order = list(EDITABLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("website", self.instance.website)

    def clean_description(self):
        text = self.cleaned_data["description"]
        if len(text) > 4000:
            raise forms.ValidationError("At most 4,000 characters.")
        return text


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=MAX_NAME)
    email = forms.EmailField(label="Email", max_length=254)
    role = forms.ChoiceField(
        label="Role",
        choices=[("coordinator", "Coordinator"), ("admin", "Agency admin")],
        help_text="Coordinators run jobs; admins also change the rate card, profile and staff.",
    )

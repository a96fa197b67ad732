"""Forms around the rate-card editor's draft: the sample requests its preview prices, publishing a
version with its effective date, importing a JSON card (PLAT-LIMIT-1 bounds on each)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms

from agencies.cardeditor import MAX_SAMPLE_HOURS, MAX_SAMPLES, Sample
from agencies.cardforms import MAX_NAME


class SampleForm(forms.Form):
    name = forms.CharField(label="Sample", max_length=MAX_NAME)
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="Start", widget=forms.TimeInput(attrs={"type": "time"}))
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=MAX_SAMPLE_HOURS,
        max_digits=4,
        decimal_places=2,
    )
    officers = forms.IntegerField(label="Officers", min_value=1, max_value=500)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise forms.ValidationError("Give a date between 2000 and 2100.")
        return day

    def sample(self) -> Sample:
        d = self.cleaned_data
        return Sample(d["name"], d["day"], d["start"], d["hours"], d["officers"])


SampleFormSet = forms.formset_factory(
    SampleForm, extra=1, max_num=MAX_SAMPLES, absolute_max=MAX_SAMPLES, validate_max=True
)


def sample_initial(samples: list[Sample]) -> list[dict]:
    return [
        {
            "name": s.name,
            "day": s.day,
            "start": s.start,
            "hours": s.hours,
            "officers": s.officers,
        }
        for s in samples
    ]


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label="In force from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Requests for shifts on or after this date are priced by the new version.",
    )


class ImportForm(forms.Form):
    document = forms.FileField(
        label="Rate card JSON file",
        help_text="A file exported from DetailHire (or a card in the same format).",
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file is too large (at most 1 MB).")
        return upload

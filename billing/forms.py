"""Billing's page forms: the period pickers of the payroll and the admin-fee ledger
(PLAT-LIMIT-1: every value bounded, a bad one named, never a 500)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from detailhire.limits import limit, year_range


def _years() -> tuple[int, int]:
    return year_range()


class PeriodForm(forms.Form):
    """A pay period: from one day to another (both included), at most ``period_days`` long."""

    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To (included)", widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def for_month(cls, today: date, data=None) -> PeriodForm:
        """The form, on the current month unless the query names a period."""
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if data and ("start" in data or "end" in data):
            return cls(data)
        return cls({"start": first.isoformat(), "end": last.isoformat()})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        low, high = _years()
        for name, value in (("start", start), ("end", end)):
            if value and not low <= value.year <= high:
                self.add_error(name, f"Give a date from {low} to {high}.")
        if start and end and not self.errors:
            if end < start:
                self.add_error("end", "The period ends on or after the day it starts.")
            elif (end - start).days + 1 > limit("period_days"):
                self.add_error("end", f"A period is at most {limit('period_days')} days long.")
        return cleaned


class YearForm(forms.Form):
    year = forms.IntegerField(label="Year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = _years()
        self.fields["year"].widget.attrs.update({"min": low, "max": high})

    def clean_year(self):
        year = self.cleaned_data["year"]
        low, high = _years()
        if not low <= year <= high:
            raise forms.ValidationError(f"Give a year from {low} to {high}.")
        return year


class DisbursedForm(PeriodForm):
    """The period's payroll paid out on ``paid_on``."""

    paid_on = forms.DateField(
        label="Paid to the officers on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        low, high = _years()
        if not low <= paid_on.year <= high:
            raise forms.ValidationError(f"Give a date from {low} to {high}.")
        return paid_on

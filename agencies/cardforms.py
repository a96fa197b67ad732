"""Forms of the rate-card editor, one per part of the card, in the agency's words.

Each section form is built for a card (its fields are the card's rates, rules and windows),
reads the admin's input (bounded: PLAT-LIMIT-1), and ``apply(card)`` returns the edited card.
The whole card is then checked by the editor service (``cardeditor.save_draft``); a mistake it
finds is put back next to the field it concerns (``place_error``), and nothing is saved.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from django import forms

from agencies.pricing import card as c
from agencies.pricing.validate import DocumentError

MAX_MONEY = Decimal("100000")
MAX_HOURS = Decimal("168")
MAX_FACTOR = Decimal("100")
MAX_NAME = 100
MAX_DATES = 400  # agency-added dates in one calendar rule


def _decimal(label, required, top, digits, places, step, **kwargs) -> forms.DecimalField:
    """A bounded, non-negative decimal field (PLAT-LIMIT-1)."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=top,
        max_digits=digits,
        decimal_places=places,
        widget=forms.NumberInput(attrs={"step": step, "inputmode": "decimal"}),
        **kwargs,
    )


def money(label: str, *, required: bool = True, **kwargs) -> forms.DecimalField:
    return _decimal(label, required, MAX_MONEY, 9, 2, "0.01", **kwargs)


def hours(label: str, *, required: bool = True, **kwargs) -> forms.DecimalField:
    return _decimal(label, required, MAX_HOURS, 5, 2, "0.25", **kwargs)


def factor(label: str, *, required: bool = True, **kwargs) -> forms.DecimalField:
    return _decimal(label, required, MAX_FACTOR, 8, 4, "0.01", **kwargs)


def count(label: str, initial, *, top: int = 10000, low: int = 1, **kwargs) -> forms.IntegerField:
    """A bounded whole number of officers, supervisors or units (PLAT-LIMIT-1)."""
    return forms.IntegerField(label=label, min_value=low, max_value=top, initial=initial, **kwargs)


def _names(items) -> dict[str, str]:
    return {item.code: item.name for item in items}


class CardSection(forms.Form):
    """A part of the card. ``paths`` maps a place in the card ("rates[3]") to the field that
    edits it, so that a mistake the whole-card check finds shows next to that field."""

    key = ""
    title = ""
    intro = ""

    def __init__(self, card: c.RateCard, *args, **kwargs):
        self.card = card
        self.paths: dict[str, str] = {}
        super().__init__(*args, **kwargs)
        self.build(card)

    def build(self, card: c.RateCard) -> None:
        raise NotImplementedError

    def apply(self, card: c.RateCard) -> c.RateCard:
        raise NotImplementedError

    def place_error(self, error: DocumentError) -> None:
        """Show ``error`` (from the whole-card check) next to the field it concerns."""
        best = None
        for path, name in self.paths.items():
            if (error.path == path or error.path.startswith((path + ".", path + "["))) and (
                best is None or len(path) > len(best[0])
            ):
                best = (path, name)
        message = error.message[:1].upper() + error.message[1:]
        if best is not None:
            self.add_error(best[1], message)
        else:
            self.add_error(None, f"{message} ({error.path or 'card'}).")


class RatesForm(CardSection):
    key = "rates"
    title = "Officer pay per hour"
    intro = "What the officer earns per hour, by rank and tier (or rate category)."

    def build(self, card):
        ranks, tiers = _names(card.ranks), _names(card.tiers)
        jobs, cats = _names(card.job_types), _names(card.categories)
        for i, rate in enumerate(card.rates):
            parts = [ranks.get(rate.rank, "Any rank") if rate.rank else "Any rank"]
            if rate.tier:
                parts.append(tiers.get(rate.tier, rate.tier))
            if rate.category != "regular":
                parts.append(cats.get(rate.category, rate.category))
            if len(card.job_types) > 1:
                parts.append(jobs.get(rate.job_type, rate.job_type))
            name = f"rate_{i}"
            self.fields[name] = money(", ".join(parts), initial=rate.officer_pay)
            self.fields[name].group = (jobs.get(rate.job_type, rate.job_type), rate.category)
            self.paths[f"rates[{i}]"] = name

    def apply(self, card):
        rates = tuple(
            dataclasses.replace(rate, officer_pay=self.cleaned_data[f"rate_{i}"])
            for i, rate in enumerate(card.rates)
        )
        return dataclasses.replace(card, rates=rates)


class FeeForm(CardSection):
    key = "fee"
    title = "Admin fee"

    def build(self, card):
        fee = card.fee
        if fee.kind == c.FEE_PER_HOUR:
            self.intro = "A flat amount per billed officer hour."
            self.fields["amount"] = money("Admin fee per officer hour", initial=fee.amount)
        elif fee.kind == c.FEE_PERCENT:
            self.intro = "A percentage of the officer's pay per hour."
            self.fields["percent"] = factor("Percent of officer pay", initial=fee.percent)
            self.fields["cap"] = money(
                "At most per hour", required=False, initial=fee.cap, help_text="Empty: no cap."
            )
        else:
            self.intro = "A flat amount per job plus an amount per officer per shift."
            self.fields["amount"] = money("Per job", initial=fee.amount)
            self.fields["per_officer"] = money("Per officer per shift", initial=fee.per_officer)
        self.paths.update({"fee": next(iter(self.fields))})
        self.paths.update({f"fee.{name}": name for name in self.fields})

    def apply(self, card):
        return dataclasses.replace(card, fee=dataclasses.replace(card.fee, **self.cleaned_data))


class HoursForm(CardSection):
    key = "hours"
    title = "Minimums, shift length and overtime"

    def build(self, card):
        ot = card.overtime
        self.fields["minimum_hours"] = hours(
            "Minimum billed hours per officer per shift", initial=card.minimum_hours
        )
        self.fields["max_shift_hours"] = hours(
            "Longest shift accepted (hours)",
            required=False,
            initial=card.max_shift_hours,
            help_text="Empty: no maximum.",
        )
        self.fields["overtime_after"] = hours(
            "Overtime after (hours in one shift)",
            required=False,
            initial=ot.after_hours if ot else None,
            help_text="Empty: no overtime.",
        )
        self.fields["overtime_multiplier"] = factor(
            "Overtime pay multiplier", required=False, initial=ot.multiplier if ot else None
        )
        self.paths.update(
            {
                "minimum_hours": "minimum_hours",
                "max_shift_hours": "max_shift_hours",
                "overtime": "overtime_after",
                "overtime.multiplier": "overtime_multiplier",
            }
        )

    def clean(self):
        data = super().clean()
        after, times = data.get("overtime_after"), data.get("overtime_multiplier")
        if self.card.overtime and self.card.overtime.kind == c.OVERTIME_SURCHARGE:
            times = after  # overtime paid as an amount per hour (the premiums section) has none
        if (after is None) != (times is None) and not self.errors:
            missing = "overtime_multiplier" if times is None else "overtime_after"
            self.add_error(missing, "Give both the hours and the multiplier, or neither.")
        if data.get("max_shift_hours") == 0:
            self.add_error("max_shift_hours", "A shift must be allowed to last some time.")
        return data

    def apply(self, card):
        d = self.cleaned_data
        ot = None
        if d["overtime_after"] is not None:
            # the kind, compounding and increments are edited in the premiums section
            ot = dataclasses.replace(
                card.overtime or c.Overtime(d["overtime_after"]),
                after_hours=d["overtime_after"],
                multiplier=d["overtime_multiplier"],
            )
        return dataclasses.replace(
            card,
            minimum_hours=d["minimum_hours"],
            max_shift_hours=d["max_shift_hours"],
            overtime=ot,
        )


class CalendarForm(CardSection):
    key = "calendar"
    title = "Holidays and high-demand dates"
    intro = "Dates the agency adds to a calendar rule: one day, or a range (both days included)."

    def build(self, card):
        rules = [(str(i), rule.name) for i, rule in enumerate(card.calendar)]
        self.fields["rule"] = forms.ChoiceField(label="Add to", choices=rules, required=False)
        self.fields["name"] = forms.CharField(
            label="Name of the date", max_length=MAX_NAME, required=False
        )
        self.fields["start"] = forms.DateField(
            label="First day", required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["end"] = forms.DateField(
            label="Last day",
            required=False,
            help_text="Empty: the first day only.",
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.removable = []
        for i, rule in enumerate(card.calendar):
            for j, when in enumerate(rule.dates):
                name = f"remove_{i}_{j}"
                span = f"{when.start:%b %-d, %Y}"
                if when.end != when.start:
                    span += f" to {when.end:%b %-d, %Y}"
                self.fields[name] = forms.BooleanField(
                    label=f"Remove {when.name} ({span}, {rule.name})", required=False
                )
                self.removable.append(name)
                self.paths[f"calendar[{i}].dates[{j}]"] = name
        self.paths["calendar"] = "start"

    def clean(self):
        data = super().clean()
        wants = any(data.get(k) for k in ("name", "start", "end"))
        if wants:
            if not data.get("name") and "name" not in self.errors:
                self.add_error("name", "Name the date (it is shown on quotes).")
            if not data.get("start") and "start" not in self.errors:
                self.add_error("start", "Give the first day.")
            if not data.get("rule"):
                self.add_error("rule", "Choose the calendar rule the date belongs to.")
            start, end = data.get("start"), data.get("end")
            if start and end and end < start:
                self.add_error("end", "The last day cannot be before the first day.")
            if start and not (date(2000, 1, 1) <= start <= date(2100, 12, 31)):
                self.add_error("start", "Give a date between 2000 and 2100.")
            if end and not (date(2000, 1, 1) <= end <= date(2100, 12, 31)):
                self.add_error("end", "Give a date between 2000 and 2100.")
        return data

    def apply(self, card):
        d = self.cleaned_data
        calendar = []
        for i, rule in enumerate(card.calendar):
            dates = [when for j, when in enumerate(rule.dates) if not d.get(f"remove_{i}_{j}")]
            if d.get("start") and d.get("rule") == str(i):
                dates.append(c.DateRange(d["name"].strip(), d["start"], d.get("end") or d["start"]))
            calendar.append(dataclasses.replace(rule, dates=tuple(dates)[:MAX_DATES]))
        return dataclasses.replace(card, calendar=tuple(calendar))


class TermsForm(CardSection):
    key = "terms"
    title = "Payment terms and hour caps"

    def build(self, card):
        pay, caps = card.payment, card.hour_caps
        if pay.kind == c.PAYMENT_PREPAY:
            self.fields["hours_before_start"] = forms.IntegerField(
                label="Payment due (hours before the start)",
                min_value=0,
                max_value=24 * 60,
                initial=pay.hours_before_start,
            )
        else:
            self.fields["net_days"] = forms.IntegerField(
                label="Payment due (days after completion)",
                min_value=0,
                max_value=365,
                initial=pay.net_days,
            )
        self.fields["rolling_24h"] = hours(
            "Officer hours at most in any 24 hours",
            required=False,
            initial=caps.rolling_24h,
            help_text="Empty: no limit.",
        )
        self.fields["per_week"] = hours(
            "Officer hours at most per week",
            required=False,
            initial=caps.per_week,
            help_text="Empty: no limit.",
        )
        self.paths.update(
            {
                "payment": next(iter(self.fields)),
                "hour_caps.rolling_24h": "rolling_24h",
                "hour_caps.per_week": "per_week",
            }
        )

    def apply(self, card):
        d = self.cleaned_data
        paid = {k: d[k] for k in ("hours_before_start", "net_days") if k in d}
        return dataclasses.replace(
            card,
            payment=dataclasses.replace(card.payment, **paid),
            hour_caps=dataclasses.replace(
                card.hour_caps, rolling_24h=d["rolling_24h"], per_week=d["per_week"]
            ),
        )


# sections in modules of their own, built on CardSection above
from agencies.cardforms_lists import AddOnsForm, CancellationForm, NoticeForm  # noqa: E402
from agencies.cardforms_premiums import PremiumsForm  # noqa: E402
from agencies.cardforms_supervision import SupervisionForm  # noqa: E402

SECTIONS: dict[str, type[CardSection]] = {
    form.key: form
    for form in (
        RatesForm,
        FeeForm,
        HoursForm,
        CalendarForm,
        NoticeForm,
        PremiumsForm,
        AddOnsForm,
        SupervisionForm,
        CancellationForm,
        TermsForm,
    )
}


# the card's catalogue (ranks, tiers, categories; job types, work categories): modules of their
# own, built on CardSection above
from agencies.cardforms_catalog import CATALOGUE  # noqa: E402
from agencies.cardforms_work import WORK  # noqa: E402

SECTIONS.update({form.key: form for form in (*CATALOGUE, *WORK)})

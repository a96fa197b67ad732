"""The rate-card editor's premiums section (PLAT-PREMIUM-1): how the premiums of one hour
combine, what each calendar and notice premium adds, time bands (and how hours added by the
minimum take them), and how overtime is paid.

Registered in ``agencies.cardforms.SECTIONS``; every value bounded (PLAT-LIMIT-1); the whole
card is checked by the editor service, and its mistakes come back next to these fields.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django import forms

from agencies.cardforms import CardSection, factor, hours, money
from agencies.pricing import card as c

COMBINE = (
    (c.PREMIUMS_HIGHEST, "The highest rate wins (premiums do not add up)"),
    (c.PREMIUMS_ADDITIVE, "Surcharges per hour add up (night + holiday + short notice)"),
    (c.PREMIUMS_MULTIPLIER_ONCE, "One multiplier, applied once whatever the reasons"),
)
OVERTIME = (
    (c.OVERTIME_MULTIPLIER, "Officer pay times the multiplier"),
    (c.OVERTIME_SURCHARGE, "Officer pay plus an amount per hour"),
)
PADDING = (
    (c.PADDING_BAND, "The band of the hours they extend"),
    (c.PADDING_REGULAR, "The regular rate (never this band)"),
    (c.PADDING_START, "This band when the shift starts inside it"),
)
KEEP = "keep"
CENT = Decimal("0.01")


def _premium_choices(rule) -> list[tuple[str, str]]:
    effect = rule.effect
    if effect.kind == c.EFFECT_RATE_CATEGORY:
        keep = f"Priced from another rate ({effect.category})"
    elif effect.kind == c.EFFECT_MINIMUM_TIER:
        keep = f"At least tier {effect.tier}"
    else:
        keep = "No price change"
    return [
        (KEEP, keep),
        (c.EFFECT_MULTIPLIER, "Officer pay times a multiplier"),
        (c.EFFECT_SURCHARGE, "Officer pay plus an amount per hour"),
    ]


def _initial_kind(effect: c.Effect) -> str:
    return effect.kind if effect.kind in (c.EFFECT_MULTIPLIER, c.EFFECT_SURCHARGE) else KEEP


class PremiumsForm(CardSection):
    key = "premiums"
    title = "Premiums and overtime"
    intro = (
        "What nights, weekends, holidays, short notice and overtime add to officer pay, and how "
        "they combine when several apply to the same hour."
    )

    def build(self, card):
        self.fields["combine"] = forms.ChoiceField(
            label="When several premiums apply to the same hour",
            choices=COMBINE,
            initial=card.premiums,
        )
        self.paths["premiums"] = "combine"
        rules = [("calendar", i, rule) for i, rule in enumerate(card.calendar)]
        rules += [("notice", i, rule) for i, rule in enumerate(card.notice)]
        for where, i, rule in rules:
            name = f"{where}_{i}"
            effect = rule.effect
            self.fields[f"{name}_kind"] = forms.ChoiceField(
                label=f"{rule.name}: premium",
                choices=_premium_choices(rule),
                initial=_initial_kind(effect),
            )
            initial = effect.multiplier if effect.kind == c.EFFECT_MULTIPLIER else effect.amount
            self.fields[f"{name}_value"] = _decimal_for_premium(rule.name, initial)
            self.paths[f"{where}[{i}].effect"] = f"{name}_kind"
            self.paths[f"{where}[{i}].effect.multiplier"] = f"{name}_value"
            self.paths[f"{where}[{i}].effect.amount"] = f"{name}_value"
            if where == "calendar":
                self.fields[f"{name}_from"] = forms.TimeField(
                    label=f"{rule.name}: only from (time of day)",
                    required=False,
                    initial=rule.window_start,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                    help_text="A time band such as nights 17:00 to 07:00. Empty: the whole day.",
                )
                self.fields[f"{name}_until"] = forms.TimeField(
                    label=f"{rule.name}: until",
                    required=False,
                    initial=rule.window_end,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )
                self.fields[f"{name}_padding"] = forms.ChoiceField(
                    label=f"{rule.name}: hours added by the minimum are priced at",
                    choices=PADDING,
                    initial=rule.padding,
                    help_text="A 1-hour job billed as 4 hours: the 3 hours added.",
                )
                self.paths[f"{where}[{i}].padding"] = f"{name}_padding"
                self.paths[f"{where}[{i}].window_start"] = f"{name}_from"
                self.paths[f"{where}[{i}].window_end"] = f"{name}_until"
                self.paths[f"{where}[{i}].mode"] = f"{name}_from"
        ot = card.overtime
        if ot is not None:
            self.fields["overtime_kind"] = forms.ChoiceField(
                label="Overtime hours are paid at", choices=OVERTIME, initial=ot.kind
            )
            self.fields["overtime_amount"] = money(
                "Overtime: amount added per hour",
                required=False,
                initial=ot.amount,
                help_text="For overtime paid as an amount per hour.",
            )
            self.fields["overtime_compounds"] = forms.BooleanField(
                label="Overtime applies on top of the night, weekend or holiday rate",
                required=False,
                initial=ot.compounds,
                help_text="Unticked: overtime is one more premium, combined like the others.",
            )
            self.fields["overtime_increment"] = hours(
                "Overtime billed in blocks of (hours)",
                required=False,
                initial=ot.increment_hours,
                help_text='"2-hour minimums past 8": 2. Empty: the hours worked.',
            )
            self.paths.update(
                {
                    "overtime.kind": "overtime_kind",
                    "overtime.amount": "overtime_amount",
                    "overtime.increment_hours": "overtime_increment",
                }
            )

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if not name.endswith("_kind") or name == "overtime_kind":
                continue
            base = name.removesuffix("_kind")
            kind = data.get(name)
            if kind in (c.EFFECT_MULTIPLIER, c.EFFECT_SURCHARGE) and not data.get(f"{base}_value"):
                what = "multiplier (1.5)" if kind == c.EFFECT_MULTIPLIER else "amount per hour"
                self.add_error(f"{base}_value", f"Give the {what}, more than zero.")
            start, end = data.get(f"{base}_from"), data.get(f"{base}_until")
            if (start is None) != (end is None) and f"{base}_from" in self.fields:
                self.add_error(f"{base}_until", "Give both times of the band, or neither.")
        if data.get("overtime_kind") == c.OVERTIME_SURCHARGE and not data.get("overtime_amount"):
            self.add_error("overtime_amount", "Give the amount added per overtime hour.")
        return data

    def apply(self, card):
        d = self.cleaned_data
        calendar = tuple(
            dataclasses.replace(
                rule,
                effect=self._effect(f"calendar_{i}", rule.effect),
                window_start=d.get(f"calendar_{i}_from"),
                window_end=d.get(f"calendar_{i}_until"),
                padding=(
                    d.get(f"calendar_{i}_padding") or c.PADDING_BAND
                    if d.get(f"calendar_{i}_from") is not None
                    else c.PADDING_BAND  # a whole-day rule: the padded hours' own date decides
                ),
            )
            for i, rule in enumerate(card.calendar)
        )
        notice = tuple(
            dataclasses.replace(rule, effect=self._effect(f"notice_{i}", rule.effect))
            for i, rule in enumerate(card.notice)
        )
        overtime = card.overtime
        if overtime is not None:
            overtime = dataclasses.replace(
                overtime,
                kind=d["overtime_kind"],
                amount=d.get("overtime_amount"),
                compounds=bool(d.get("overtime_compounds")),
                increment_hours=d.get("overtime_increment") or None,
            )
        return dataclasses.replace(
            card, premiums=d["combine"], calendar=calendar, notice=notice, overtime=overtime
        )

    def _effect(self, name: str, effect: c.Effect) -> c.Effect:
        kind, value = self.cleaned_data[f"{name}_kind"], self.cleaned_data.get(f"{name}_value")
        if kind == c.EFFECT_MULTIPLIER:
            return c.Effect(c.EFFECT_MULTIPLIER, multiplier=value)
        if kind == c.EFFECT_SURCHARGE:
            return c.Effect(c.EFFECT_SURCHARGE, amount=value.quantize(CENT))
        if effect.kind in (c.EFFECT_MULTIPLIER, c.EFFECT_SURCHARGE):
            return c.Effect()  # "no price change" chosen for a multiplier or a surcharge
        return effect


def _decimal_for_premium(name: str, initial: Decimal | None) -> forms.DecimalField:
    """One field for a multiplier (1.5) or an amount per hour ($5.00): the larger bound of the
    two, four places (an amount is rounded to the cent when saved)."""
    return factor(
        f"{name}: multiplier or amount per hour",
        required=False,
        initial=initial,
        help_text="1.5 for time and a half; 5.00 for $5.00 more per hour.",
    )

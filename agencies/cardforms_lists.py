"""The card's lists in the editor: add-ons, notice windows and cancellation windows, each edited,
added or removed in the agency's words (supervision is in ``agencies.cardforms_supervision``).

They follow the catalogue (``agencies.cardforms_catalog.CatalogueSection``): every entry has a
"Remove" box and one new entry can be added, its code made from its name; every value is bounded
(PLAT-LIMIT-1) and the whole card is checked by the editor service before the draft changes, its
mistakes shown next to the field they came from (a new entry's too).
"""

from __future__ import annotations

import dataclasses

from django import forms

from agencies.cardforms import count, hours, money
from agencies.cardforms_catalog import MAX_TEXT, CatalogueSection, text_field
from agencies.pricing import card as c

ADDON_KINDS = [
    (c.ADDON_PER_OFFICER_HOUR, "Per officer per hour"),
    (c.ADDON_PER_OFFICER_SHIFT, "Per officer per shift"),
    (c.ADDON_PER_SHIFT, "Per shift"),
    (c.ADDON_PER_JOB, "Once per job"),
    (c.ADDON_PER_UNIT_SHIFT, "Per unit the customer chooses (a cruiser), per shift"),
    (c.ADDON_PER_UNIT_HOUR, "Per unit the customer chooses (a cruiser), per hour"),
]
ACCRUALS = [
    (c.ACCRUES_OTHER, "Another agency charge (vehicles, mileage)"),
    (c.ACCRUES_OFFICER, "Officer pay"),
    (c.ACCRUES_FEE, "The admin fee"),
]
STAGES = [
    (c.CANCEL_AFTER_APPROVAL, "After the agency approved the job"),
    (c.CANCEL_BEFORE_APPROVAL, "Before the agency approved the job"),
]
FREE = "free"
CHARGES = [
    (FREE, "Nothing (free)"),
    (c.CHARGE_MINIMUM_HOURS, "The minimum hours per officer (pay and fee)"),
    (c.CHARGE_HOURS_PER_OFFICER, "A number of hours per officer (pay and fee)"),
    (c.CHARGE_ADMIN_FEES_FIRST_HOURS, "The admin fees of the first hours"),
    (c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM, "The hours worked or the minimum, the greater"),
    (c.CHARGE_FLAT, "A flat amount"),
    (c.CHARGE_ALL_FEES, "Everything the job would have cost"),
]
CHARGE_WITH_HOURS = (c.CHARGE_ADMIN_FEES_FIRST_HOURS, c.CHARGE_HOURS_PER_OFFICER)


def _unit(add_on: c.AddOn) -> str:
    return add_on.unit.strip() or "unit"


class AddOnsForm(CatalogueSection):
    key = "add_ons"
    title = "Add-ons"
    kind = "add-on"
    collection = "add_ons"
    at_least_one = False
    intro = (
        "Vehicles, differentials and other charges. An add-on priced per unit (a cruiser) lets "
        "the customer choose how many, up to the most you allow."
    )

    def entry_fields(self, i, add_on):
        label = f"{add_on.name}: amount"
        if add_on.kind == c.ADDON_PER_UNIT_HOUR and add_on.first_hour_amount is not None:
            label = f"{add_on.name}: each hour after the first"
        fields = {
            "name": text_field(f"{add_on.name}: name", required=True, initial=add_on.name),
            "amount": money(label, initial=add_on.amount),
        }
        if add_on.takes_quantity:
            fields["most"] = count(
                f"{add_on.name}: the most {_unit(add_on)}s one request may ask for",
                add_on.max_quantity,
                top=c.MAX_QUANTITY,
                required=False,
                help_text=f"Empty: {c.DEFAULT_MAX_QUANTITY}.",
            )
        if add_on.kind == c.ADDON_PER_UNIT_HOUR:
            fields["first"] = money(
                f"{add_on.name}: the first hour, per {_unit(add_on)}",
                required=False,
                initial=add_on.first_hour_amount,
                help_text="Empty: the first hour costs the same as the others.",
            )
        return fields

    def build(self, card):
        super().build(card)
        for i in range(len(card.add_ons)):
            self.paths[f"add_ons[{i}].amount"] = f"amount_{i}"
            if f"most_{i}" in self.fields:
                self.paths[f"add_ons[{i}].max_quantity"] = f"most_{i}"
            if f"first_{i}" in self.fields:
                self.paths[f"add_ons[{i}].first_hour_amount"] = f"first_{i}"

    def new_fields(self, card):
        return {
            "kind": forms.ChoiceField(
                label="The new add-on is charged",
                choices=[("", "Choose how")] + ADDON_KINDS,
                required=False,
            ),
            "amount": money("Amount of the new add-on", required=False),
            "accrues_to": forms.ChoiceField(
                label="The new add-on counts as", choices=ACCRUALS, required=False
            ),
            "unit": text_field(
                "One unit of the new add-on is called",
                limit=40,
                help_text="For an add-on priced per unit: cruiser, motorcycle.",
            ),
            "most": count(
                "The most units one request may ask for",
                None,
                top=c.MAX_QUANTITY,
                required=False,
                help_text=f"For an add-on priced per unit. Empty: {c.DEFAULT_MAX_QUANTITY}.",
            ),
            "first": money(
                "The first hour, per unit",
                required=False,
                help_text="For an add-on priced per unit per hour. Empty: as the other hours.",
            ),
        }

    def new_paths(self):
        return {
            "": "new_name",
            ".kind": "new_kind",
            ".amount": "new_amount",
            ".accrues_to": "new_accrues_to",
            ".max_quantity": "new_most",
            ".first_hour_amount": "new_first",
        }

    def clean_new(self, data):
        kind = data.get("new_kind")
        if not kind:
            self.add_error("new_kind", "Say how the new add-on is charged.")
        if data.get("new_amount") is None and "new_amount" not in self.errors:
            self.add_error("new_amount", "Give the amount of the new add-on.")
        per_unit = kind in c.QUANTITY_KINDS
        unit = (data.get("new_unit") or "").strip()
        if per_unit and not unit:
            self.add_error("new_unit", "Say what one unit is called (it is shown on quotes).")
        if not per_unit and kind:
            for name in ("new_unit", "new_most"):
                if data.get(name) not in (None, ""):
                    self.add_error(name, "Only an add-on priced per unit takes a quantity.")
        if data.get("new_first") is not None and kind and kind != c.ADDON_PER_UNIT_HOUR:
            self.add_error(
                "new_first", "A first-hour price needs an add-on priced per unit per hour."
            )

    def edited(self, i, add_on):
        d = self.cleaned_data
        changes = {"name": d[f"name_{i}"].strip(), "amount": d[f"amount_{i}"]}
        if add_on.takes_quantity:
            changes["max_quantity"] = d.get(f"most_{i}")
        if add_on.kind == c.ADDON_PER_UNIT_HOUR:
            changes["first_hour_amount"] = d.get(f"first_{i}")
        return dataclasses.replace(add_on, **changes)

    def created(self, code):
        d = self.cleaned_data
        per_unit = d["new_kind"] in c.QUANTITY_KINDS
        return c.AddOn(
            code,
            d["new_name"].strip(),
            d["new_kind"],
            d["new_amount"],
            accrues_to=d["new_accrues_to"] or c.ACCRUES_OTHER,
            unit=d["new_unit"].strip() if per_unit else "",
            max_quantity=d["new_most"] if per_unit else None,
            first_hour_amount=d["new_first"] if d["new_kind"] == c.ADDON_PER_UNIT_HOUR else None,
        )


class NoticeForm(CatalogueSection):
    key = "notice"
    title = "Notice windows"
    kind = "notice window"
    collection = "notice"
    at_least_one = False
    intro = (
        "A request made less than this many hours before the shift starts. What a window adds "
        "to the price is set in \u201cPremiums and overtime\u201d."
    )

    def entry_fields(self, i, rule):
        return {
            "name": text_field(f"{rule.name}: name", required=True, initial=rule.name),
            "within": hours(f"{rule.name}: within (hours)", initial=rule.within_hours),
            "requires_approval": forms.BooleanField(
                label=f"{rule.name}: a coordinator approves these requests",
                required=False,
                initial=rule.requires_approval,
            ),
            "refuse": forms.BooleanField(
                label=f"{rule.name}: these requests are refused (too late)",
                required=False,
                initial=rule.refuse,
            ),
            "warning": text_field(
                f"{rule.name}: warning shown before a request is sent",
                limit=MAX_TEXT,
                initial=rule.warning,
            ),
        }

    def build(self, card):
        super().build(card)
        for i in range(len(card.notice)):
            self.paths[f"notice[{i}].within_hours"] = f"within_{i}"

    def new_fields(self, card):
        return {
            "within": hours("The new window: within (hours before the start)", required=False),
            "requires_approval": forms.BooleanField(
                label="A coordinator approves requests in the new window", required=False
            ),
            "refuse": forms.BooleanField(
                label="Requests in the new window are refused (too late)", required=False
            ),
            "warning": text_field("Warning shown before a request is sent", limit=MAX_TEXT),
        }

    def new_paths(self):
        return {"": "new_name", ".within_hours": "new_within"}

    def clean_new(self, data):
        if not data.get("new_within") and "new_within" not in self.errors:
            self.add_error("new_within", "Give the hours before the start, more than zero.")

    def edited(self, i, rule):
        d = self.cleaned_data
        return dataclasses.replace(
            rule,
            name=d[f"name_{i}"].strip(),
            within_hours=d[f"within_{i}"],
            requires_approval=d[f"requires_approval_{i}"],
            refuse=d[f"refuse_{i}"],
            warning=d[f"warning_{i}"].strip(),
        )

    def created(self, code):
        d = self.cleaned_data
        return c.NoticeRule(
            code,
            d["new_name"].strip(),
            d["new_within"],
            requires_approval=d["new_requires_approval"],
            refuse=d["new_refuse"],
            warning=d["new_warning"].strip(),
        )


class CancellationForm(CatalogueSection):
    key = "cancellation"
    title = "Cancellation windows"
    kind = "cancellation window"
    collection = "cancellation.rules"
    at_least_one = False
    intro = (
        "What a customer pays when cancelling less than this many hours before the start. Of "
        "the windows that apply, the smallest wins."
    )

    def entries(self, card):
        return card.cancellation.rules

    def store(self, card, entries):
        return dataclasses.replace(
            card, cancellation=dataclasses.replace(card.cancellation, rules=entries)
        )

    def entry_fields(self, i, rule):
        return {
            "name": text_field(f"{rule.name}: name", required=True, initial=rule.name),
            "stage": forms.ChoiceField(
                label=f"{rule.name}: applies", choices=STAGES, initial=rule.stage
            ),
            "within": hours(
                f"{rule.name}: within (hours before the start)",
                required=False,
                initial=rule.within_hours,
                help_text="Empty: at any time.",
            ),
            "inclusive": forms.BooleanField(
                label=f'{rule.name}: the window includes its boundary ("or less")',
                required=False,
                initial=rule.inclusive,
            ),
        }

    def build(self, card):
        super().build(card)
        for i in range(len(card.cancellation.rules)):
            self.paths[f"cancellation.rules[{i}].within_hours"] = f"within_{i}"
        self.fields["withdraw_cutoff"] = hours(
            "Officers may withdraw until (hours before the start)",
            initial=card.cancellation.withdraw_cutoff_hours,
        )
        self.paths["cancellation.withdraw_cutoff_hours"] = "withdraw_cutoff"

    def new_fields(self, card):
        return {
            "stage": forms.ChoiceField(
                label="The new window applies",
                choices=[("", "Choose when")] + STAGES,
                required=False,
            ),
            "within": hours(
                "The new window: within (hours before the start)",
                required=False,
                help_text="Empty: at any time.",
            ),
            "inclusive": forms.BooleanField(
                label='The new window includes its boundary ("or less")', required=False
            ),
            "job_types": forms.MultipleChoiceField(
                label="The new window applies to",
                choices=[(j.code, j.name) for j in card.job_types],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="None ticked: every job type.",
            ),
            "charge": forms.ChoiceField(
                label="A cancellation in the new window costs", choices=CHARGES, required=False
            ),
            "charge_hours": hours("Hours charged (for a number of hours)", required=False),
            "charge_amount": money("Amount charged (for a flat amount)", required=False),
        }

    def new_paths(self):
        return {
            "": "new_name",
            ".stage": "new_stage",
            ".within_hours": "new_within",
            ".job_types": "new_job_types",
            ".charges": "new_charge",
            ".charges[0].hours": "new_charge_hours",
            ".charges[0].amount": "new_charge_amount",
        }

    def clean_new(self, data):
        if not data.get("new_stage"):
            self.add_error("new_stage", "Say whether the window is before or after approval.")
        if data.get("new_within") == 0:
            self.add_error("new_within", "Give more than zero hours, or leave it empty.")
        charge = data.get("new_charge") or FREE
        if charge in CHARGE_WITH_HOURS and not data.get("new_charge_hours"):
            self.add_error("new_charge_hours", "Give the hours charged, more than zero.")
        if charge == c.CHARGE_FLAT and data.get("new_charge_amount") is None:
            self.add_error("new_charge_amount", "Give the amount charged.")

    def edited(self, i, rule):
        d = self.cleaned_data
        return dataclasses.replace(
            rule,
            name=d[f"name_{i}"].strip(),
            stage=d[f"stage_{i}"],
            within_hours=d[f"within_{i}"],
            inclusive=d[f"inclusive_{i}"],
        )

    def created(self, code):
        d = self.cleaned_data
        charge = d["new_charge"] or FREE
        charges = ()
        if charge != FREE:
            charges = (
                c.ChargeComponent(
                    charge,
                    hours=d["new_charge_hours"] if charge in CHARGE_WITH_HOURS else None,
                    amount=d["new_charge_amount"] if charge == c.CHARGE_FLAT else None,
                ),
            )
        return c.CancellationRule(
            code,
            d["new_name"].strip(),
            d["new_stage"],
            within_hours=d["new_within"],
            job_types=tuple(d["new_job_types"]),
            charges=charges,
            inclusive=d["new_inclusive"],
        )

    def rewrite(self, card, removed):
        cancellation = dataclasses.replace(
            card.cancellation, withdraw_cutoff_hours=self.cleaned_data["withdraw_cutoff"]
        )
        return dataclasses.replace(card, cancellation=cancellation)

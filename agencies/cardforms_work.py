"""The card's catalogue in the editor, continued: job types (pricing, minimum hours, priced by
tier, the specialty officers need) and work categories with their reasons. The shared behaviour
is ``agencies.cardforms_catalog.CatalogueSection``."""

from __future__ import annotations

import dataclasses

from django import forms

from agencies.cardforms import hours
from agencies.cardforms_catalog import MAX_CODE, MAX_TEXT, CatalogueSection, rates_of, text_field
from agencies.pricing import card as c

PRICING_CHOICES = [
    (c.PRICING_HOURLY, "By the hour"),
    (c.PRICING_TASK, "Per task (a set number of hours per officer)"),
]


class JobTypesForm(CatalogueSection):
    key = "job_types"
    title = "Job types"
    kind = "job type"
    collection = "job_types"
    rate_key = "job_type"
    intro = (
        "The kinds of work customers request. A new job type starts with the pay of the one you "
        "copy; a type that needs a specialty is offered only to officers who have it."
    )

    def entry_fields(self, i, job):
        fields = {
            "name": text_field(f"{job.name}: name", required=True, initial=job.name),
            "pricing": forms.ChoiceField(
                label=f"{job.name}: priced", choices=PRICING_CHOICES, initial=job.pricing
            ),
            "minimum_hours": hours(
                f"{job.name}: minimum hours",
                required=False,
                initial=job.minimum_hours,
                help_text="Empty: the card's minimum.",
            ),
            "specialty": text_field(
                f"{job.name}: specialty officers need",
                limit=MAX_CODE,
                initial=job.specialty or "",
                help_text="Empty: any officer (e.g. motorcycle, canine).",
            ),
        }
        if self.card.tiers:  # without tiers, being priced by tier means nothing
            fields["uses_tiers"] = forms.BooleanField(
                label=f"{job.name}: priced by tier", required=False, initial=job.uses_tiers
            )
        return fields

    def new_fields(self, card):
        fields = {
            "pricing": forms.ChoiceField(
                label="The new job type is priced", choices=PRICING_CHOICES, required=False
            ),
            "minimum_hours": hours("Minimum hours of the new job type", required=False),
            "specialty": text_field("Specialty officers need for it", limit=MAX_CODE),
            "copy_from": self.copy_field(card, "Choose a job type"),
        }
        if card.tiers:
            fields["uses_tiers"] = forms.BooleanField(
                label="The new job type is priced by tier", required=False
            )
        return fields

    def removal_problem(self, job):
        users = [rule.name for rule in self.card.cancellation.rules if job.code in rule.job_types]
        if users:
            return (
                f"{job.name} is named by the cancellation window {', '.join(users)}: "
                "change that first."
            )
        return None

    def clean_new(self, data):
        if not data.get("new_copy_from"):
            self.add_error(
                "new_copy_from", "A job type needs its pay: choose the job type it starts from."
            )

    def edited(self, i, job):
        d = self.cleaned_data
        return dataclasses.replace(
            job,
            name=d[f"name_{i}"].strip(),
            pricing=d[f"pricing_{i}"],
            minimum_hours=d[f"minimum_hours_{i}"],
            uses_tiers=d.get(f"uses_tiers_{i}", job.uses_tiers),
            specialty=d[f"specialty_{i}"].strip().lower() or None,
        )

    def created(self, code):
        d = self.cleaned_data
        return c.JobType(
            code,
            d["new_name"].strip(),
            pricing=d["new_pricing"] or c.PRICING_HOURLY,
            specialty=d["new_specialty"].strip().lower() or None,
            minimum_hours=d["new_minimum_hours"],
            uses_tiers=d.get("new_uses_tiers", True),  # True: the default, as in a card file
        )

    def rewrite(self, card, removed):
        """Rates follow a job type priced by tier or not: off keeps the default tier's amounts,
        on gives every tier the amount it had."""
        rates: list[c.Rate] = []
        by_code = {j.code: j for j in card.job_types}
        seen = set()
        for rate in card.rates:
            uses = bool(card.tiers) and by_code[rate.job_type].uses_tiers
            if uses and rate.tier is None:
                spread = [dataclasses.replace(rate, tier=t.code) for t in card.tiers]
            elif not uses and rate.tier is not None:
                others = rates_of(
                    card,
                    job_type=rate.job_type,
                    rank=rate.rank,
                    category=rate.category,
                    tier=card.default_tier,
                )
                keep = rate.tier == card.default_tier or not others
                spread = [dataclasses.replace(rate, tier=None)] if keep else []
            else:
                spread = [rate]
            for item in spread:
                key = (item.job_type, item.rank, item.tier, item.category)
                if key not in seen:
                    seen.add(key)
                    rates.append(item)
        return dataclasses.replace(card, rates=tuple(rates))


class WorkCategoriesForm(CatalogueSection):
    key = "work_categories"
    title = "Work categories"
    kind = "work category"
    collection = "work_categories"
    at_least_one = False
    intro = (
        "What customers say the work is for. A prohibited category is refused with its reason; "
        "one that needs review is decided by a coordinator."
    )

    def entries(self, card):
        return card.work_categories

    def entry_fields(self, i, work):
        return {
            "name": text_field(f"{work.name}: name", required=True, initial=work.name),
            "prohibited": forms.BooleanField(
                label=f"{work.name}: not allowed", required=False, initial=work.prohibited
            ),
            "needs_review": forms.BooleanField(
                label=f"{work.name}: a coordinator decides",
                required=False,
                initial=work.needs_review,
            ),
            "reason": text_field(
                f"{work.name}: reason shown to customers",
                limit=MAX_TEXT,
                initial=work.reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def new_fields(self, card):
        return {
            "prohibited": forms.BooleanField(
                label="The new category is not allowed", required=False
            ),
            "needs_review": forms.BooleanField(
                label="A coordinator decides the new category", required=False
            ),
            "reason": text_field("Reason shown to customers", limit=MAX_TEXT),
        }

    def _check(self, data, prefix: str, suffix: str, name: str) -> None:
        prohibited = data.get(f"{prefix}prohibited{suffix}")
        if prohibited and not (data.get(f"{prefix}reason{suffix}") or "").strip():
            self.add_error(
                f"{prefix}reason{suffix}", f"Say why {name} is not allowed (customers see it)."
            )
        if prohibited and data.get(f"{prefix}needs_review{suffix}"):
            self.add_error(
                f"{prefix}needs_review{suffix}",
                "A category that is not allowed is not reviewed: choose one of the two.",
            )

    def clean(self):
        data = super().clean()
        for i, work in enumerate(self.card.work_categories):
            if not data.get(f"remove_{i}"):
                self._check(data, "", f"_{i}", work.name)
        return data

    def clean_new(self, data):
        self._check(data, "new_", "", "it")

    def edited(self, i, work):
        d = self.cleaned_data
        return dataclasses.replace(
            work,
            name=d[f"name_{i}"].strip(),
            prohibited=d[f"prohibited_{i}"],
            needs_review=d[f"needs_review_{i}"],
            reason=d[f"reason_{i}"].strip(),
        )

    def created(self, code):
        d = self.cleaned_data
        return c.WorkCategory(
            code,
            d["new_name"].strip(),
            prohibited=d["new_prohibited"],
            reason=d["new_reason"].strip(),
            needs_review=d["new_needs_review"],
        )


WORK = (JobTypesForm, WorkCategoriesForm)

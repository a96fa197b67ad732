"""The rate-card editor's supervision section (PLAT-SUP-2): the table ("5 to 14 officers need 1
Sergeant") and the ratios ("1 Sergeant for every 5 officers"), each row edited, removed with its
box, or added.

Registered in ``agencies.cardforms.SECTIONS``; every value bounded (PLAT-LIMIT-1); the whole card
is checked by the editor service (a rank with both table rows and a ratio, overlapping rows), and
its mistakes come back next to the field they came from, a new row's too.
"""

from __future__ import annotations

import dataclasses

from django import forms

from agencies.cardforms import CardSection, _names, count
from agencies.cardforms_catalog import MAX_ITEMS, renumbered
from agencies.pricing import card as c

ROWS = "supervision.rows"
RATIOS = "supervision.ratios"


def _counts_field(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=False,
        help_text="Unticked: the supervisors are in addition to the officers asked for.",
    )


class SupervisionForm(CardSection):
    key = "supervision"
    title = "Supervision"
    intro = (
        "How many supervisors a number of simultaneous officers needs: the table, and any "
        "ratio (1 supervisor for every N officers). A rank has table rows or a ratio, not both."
    )

    def build(self, card):
        ranks = _names(card.ranks)
        for i, row in enumerate(card.supervision.rows):
            rank = ranks.get(row.rank, row.rank)
            self.fields[f"min_{i}"] = count(f"Row {i + 1}: from officers", row.min_officers)
            self.fields[f"max_{i}"] = count(
                f"Row {i + 1}: to officers",
                row.max_officers,
                required=False,
                help_text="Empty: no upper end.",
            )
            self.fields[f"supervisors_{i}"] = count(
                f"Row {i + 1}: supervisors ({rank})", row.supervisors, top=1000, low=0
            )
            self.fields[f"remove_row_{i}"] = forms.BooleanField(
                label=f"Remove row {i + 1}", required=False
            )
            self.paths[f"{ROWS}[{i}]"] = f"min_{i}"
            self.paths[f"{ROWS}[{i}].max_officers"] = f"max_{i}"
            self.paths[f"{ROWS}[{i}].supervisors"] = f"supervisors_{i}"
        for i, ratio in enumerate(card.supervision.ratios):
            rank = ranks.get(ratio.rank, ratio.rank)
            self.fields[f"per_{i}"] = count(f"1 {rank} for every (officers)", ratio.per_officers)
            self.fields[f"from_{i}"] = count(
                f"1 {rank} per officers: from (officers on site at once)",
                ratio.from_officers,
                help_text="Below this many officers at once, no supervisor.",
            )
            self.fields[f"remove_ratio_{i}"] = forms.BooleanField(
                label=f"Remove the ratio of 1 {rank} for every {ratio.per_officers} officers",
                required=False,
            )
            self.paths[f"{RATIOS}[{i}]"] = f"per_{i}"
            self.paths[f"{RATIOS}[{i}].per_officers"] = f"per_{i}"
            self.paths[f"{RATIOS}[{i}].from_officers"] = f"from_{i}"
        self._new_fields(card)

    def _new_fields(self, card):
        able = [r for r in card.ranks if r.supervisor] or list(card.ranks)
        choices = [("", "Choose a rank")] + [(r.code, r.name) for r in able]
        self.fields["new_row_rank"] = forms.ChoiceField(
            label="Add a table row: supervisor rank", choices=choices, required=False
        )
        self.fields["new_row_min"] = count("The new row: from officers", None, required=False)
        self.fields["new_row_max"] = count(
            "The new row: to officers", None, required=False, help_text="Empty: no upper end."
        )
        self.fields["new_row_supervisors"] = count(
            "The new row: supervisors", None, top=1000, required=False
        )
        self.fields["new_row_counts"] = _counts_field(
            "The new row's supervisors are among the officers asked for"
        )
        self.fields["new_ratio_rank"] = forms.ChoiceField(
            label="Add a ratio: supervisor rank", choices=choices, required=False
        )
        self.fields["new_ratio_per"] = count(
            "The new ratio: 1 supervisor for every (officers)", None, required=False
        )
        self.fields["new_ratio_from"] = count(
            "The new ratio: from (officers on site at once)",
            None,
            required=False,
            help_text="Empty: from 1 officer.",
        )
        self.fields["new_ratio_counts"] = _counts_field(
            "The new ratio's supervisors are among the officers asked for"
        )
        self.paths["supervision"] = "min_0" if card.supervision.rows else "new_row_rank"

    def clean(self):
        data = super().clean()
        sup = self.card.supervision
        if data.get("new_row_rank"):
            if data.get("new_row_min") is None and "new_row_min" not in self.errors:
                self.add_error("new_row_min", "Give the fewest officers the row is for.")
            if data.get("new_row_supervisors") is None and "new_row_supervisors" not in self.errors:
                self.add_error("new_row_supervisors", "Give the number of supervisors.")
            if len(sup.rows) >= MAX_ITEMS:
                self.add_error("new_row_rank", f"At most {MAX_ITEMS} rows in the table.")
        elif any(
            data.get(k) is not None for k in ("new_row_min", "new_row_max", "new_row_supervisors")
        ):
            self.add_error("new_row_rank", "Choose the supervisor rank of the new row.")
        if data.get("new_ratio_rank"):
            if data.get("new_ratio_per") is None and "new_ratio_per" not in self.errors:
                self.add_error("new_ratio_per", "Give the number of officers per supervisor.")
            if len(sup.ratios) >= MAX_ITEMS:
                self.add_error("new_ratio_rank", f"At most {MAX_ITEMS} ratios.")
        elif any(data.get(k) is not None for k in ("new_ratio_per", "new_ratio_from")):
            self.add_error("new_ratio_rank", "Choose the supervisor rank of the new ratio.")
        return data

    def apply(self, card):
        d = self.cleaned_data
        sup = card.supervision
        kept_rows = [i for i in range(len(sup.rows)) if not d.get(f"remove_row_{i}")]
        rows = [
            dataclasses.replace(
                sup.rows[i],
                min_officers=d[f"min_{i}"],
                max_officers=d[f"max_{i}"],
                supervisors=d[f"supervisors_{i}"],
            )
            for i in kept_rows
        ]
        new_row = {}
        if d.get("new_row_rank"):
            rows.append(
                c.SupervisionRow(
                    d["new_row_min"],
                    d["new_row_max"],
                    d["new_row_supervisors"],
                    d["new_row_rank"],
                    counts_toward_requested=d["new_row_counts"],
                )
            )
            new_row = {
                "": "new_row_min",
                ".rank": "new_row_rank",
                ".max_officers": "new_row_max",
                ".supervisors": "new_row_supervisors",
            }
        kept_ratios = [i for i in range(len(sup.ratios)) if not d.get(f"remove_ratio_{i}")]
        ratios = [
            dataclasses.replace(
                sup.ratios[i], per_officers=d[f"per_{i}"], from_officers=d[f"from_{i}"]
            )
            for i in kept_ratios
        ]
        new_ratio = {}
        if d.get("new_ratio_rank"):
            ratios.append(
                c.SupervisionRatio(
                    d["new_ratio_rank"],
                    d["new_ratio_per"],
                    d["new_ratio_from"] or 1,
                    counts_toward_requested=d["new_ratio_counts"],
                )
            )
            new_ratio = {
                "": "new_ratio_per",
                ".rank": "new_ratio_rank",
                ".from_officers": "new_ratio_from",
            }
        self.paths = renumbered(self.paths, ROWS, kept_rows, new_row)
        self.paths = renumbered(self.paths, RATIOS, kept_ratios, new_ratio)
        supervision = dataclasses.replace(sup, rows=tuple(rows), ratios=tuple(ratios))
        return dataclasses.replace(card, supervision=supervision)

"""The card's catalogue in the editor: ranks, tiers and rate categories here, job types and
work categories in ``agencies.cardforms_work``, each added, renamed or removed in the agency's
words.

The forms follow the other sections (``agencies.cardforms.CardSection``): built for a card,
``apply(card)`` returns the edited card, and the whole-card check still runs before anything is
saved. Besides, each form says in words why a removal cannot be done (a rank still paid by a rate
or named by a supervision row, the default tier, the "regular" category), and a new tier, rank or
job type starts its pay as a copy of an existing one, so the card stays whole (every tier has its
rates) and the admin then edits the amounts in "Officer pay per hour".
"""

from __future__ import annotations

import dataclasses
import re

from django import forms

from agencies.cardforms import MAX_NAME, CardSection
from agencies.pricing import card as c

MAX_CODE = 40
MAX_TEXT = 1000
MAX_ITEMS = 50  # entries of one kind in a card
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_+\-.]*$")


def code_from(name: str) -> str:
    """A code for a new entry from its name: "Motorcycle escort" -> "motorcycle_escort"."""
    return re.sub(r"[^a-z0-9+]+", "_", name.lower()).strip("_")[:MAX_CODE]


def a(word: str) -> str:
    """ "a rank", "an add-on"."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def renumbered(paths: dict[str, str], collection: str, kept: list[int], new: dict[str, str]):
    """``paths`` after an edit kept the entries ``kept`` (their old indexes, in order) of
    ``collection`` and appended one made from the fields ``new`` ({"": "new_name", ".amount":
    "new_amount"}; empty: none added), so that a mistake in the edited card shows next to the
    field it came from."""
    head = f"{collection}["
    out = {k: v for k, v in paths.items() if not k.startswith(head)}
    for j, i in enumerate(kept):
        old = f"{head}{i}]"
        for k, v in paths.items():
            if k == old or k.startswith((old + ".", old + "[")):
                out[f"{head}{j}]{k[len(old) :]}"] = v
    out.update({f"{head}{len(kept)}]{tail}": name for tail, name in new.items()})
    return out


def text_field(label: str, *, required: bool = False, limit: int = MAX_NAME, **kwargs):
    return forms.CharField(label=label, required=required, max_length=limit, **kwargs)


def _level(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1000, **kwargs)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def rates_of(card: c.RateCard, **match) -> list[c.Rate]:
    return [r for r in card.rates if all(getattr(r, k) == v for k, v in match.items())]


def _officers_holding(agency_slug: str, rank: str) -> int:
    """How many active officers of the agency hold ``rank`` (asked only when removing one)."""
    from officers.models import Officer

    return Officer._base_manager.filter(agency__slug=agency_slug, rank=rank, active=True).count()


def _effects(card: c.RateCard) -> list[tuple[str, c.Effect]]:
    """Every premium effect of the card with the name of the rule it belongs to."""
    found = [(rule.name, rule.effect) for rule in card.calendar]
    found += [(rule.name, rule.effect) for rule in card.notice]
    return found


class CatalogueSection(CardSection):
    """Entries of one kind: each existing one editable with a "Remove" box, and one new entry.

    Subclasses give ``entries(card)``, ``entry_fields(i, entry)`` and ``new_fields()``, read
    them back with ``edited(i, entry)`` and ``created()``, and say why an entry cannot go
    (``removal_problem``). The new entry's code is taken from its name unless given."""

    kind = "entry"  # "rank", in the messages
    collection = ""  # the card's attribute ("ranks"), for the error paths
    at_least_one = True  # the card needs one entry of the kind
    rate_key = ""  # the Rate attribute naming an entry of the kind ("tier"); "": not in rates

    def entries(self, card: c.RateCard) -> tuple:
        return getattr(card, self.collection)

    def build(self, card):
        for i, entry in enumerate(self.entries(card)):
            for name, field in self.entry_fields(i, entry).items():
                self.fields[f"{name}_{i}"] = field
            self.fields[f"remove_{i}"] = forms.BooleanField(
                label=f"Remove {entry.name}", required=False, help_text=self.removal_help(entry)
            )
            self.paths[f"{self.collection}[{i}]"] = f"name_{i}"
        self.fields["new_name"] = text_field(f"Add {a(self.kind)}: name")
        self.fields["new_code"] = forms.CharField(
            label=f"Code of the new {self.kind}",
            required=False,
            max_length=MAX_CODE,
            help_text="Used in exported files; empty: made from the name.",
        )
        for name, field in self.new_fields(card).items():
            self.fields[f"new_{name}"] = field
        self.paths[self.collection] = "new_name"

    # --- what subclasses give ---------------------------------------------------------------

    def entry_fields(self, i: int, entry) -> dict[str, forms.Field]:
        raise NotImplementedError

    def new_fields(self, card: c.RateCard) -> dict[str, forms.Field]:
        return {}

    def removal_help(self, entry) -> str:
        n = len(rates_of(self.card, **{self.rate_key: entry.code})) if self.rate_key else 0
        return f"Also removes its {_plural(n, 'pay rate')}." if n else ""

    def copy_field(self, card: c.RateCard, empty: str) -> forms.ChoiceField:
        """Which entry's pay a new one starts from (``empty``: the choice of none)."""
        return forms.ChoiceField(
            label=f"The new {self.kind}'s pay starts as a copy of",
            required=False,
            choices=[("", empty)] + [(e.code, e.name) for e in self.entries(card)],
        )

    def removal_problem(self, entry) -> str | None:
        return None

    def new_paths(self) -> dict[str, str]:
        """Places in a new entry ("" itself, ".amount") and the fields they come from."""
        return {"": "new_name"}

    def store(self, card: c.RateCard, entries: tuple) -> c.RateCard:
        return dataclasses.replace(card, **{self.collection: entries})

    def edited(self, i: int, entry):
        raise NotImplementedError

    def created(self, code: str):
        raise NotImplementedError

    def clean_new(self, data: dict) -> None:
        """Extra checks of the new entry (``data`` is cleaned_data; it is being added)."""

    def added_rates(self, card: c.RateCard, code: str) -> tuple[c.Rate, ...]:
        """The pay of the entry chosen in "starts as a copy of", for the new entry."""
        source = self.cleaned_data.get("new_copy_from")
        if not source or not self.rate_key:
            return ()
        return tuple(
            dataclasses.replace(r, **{self.rate_key: code})
            for r in rates_of(card, **{self.rate_key: source})
        )

    def dropped_rate(self, rate: c.Rate, removed: set[str]) -> bool:
        return bool(self.rate_key) and getattr(rate, self.rate_key) in removed

    def rewrite(self, card: c.RateCard, removed: set[str]) -> c.RateCard:
        """The rest of the card after the edit (codes elsewhere that must follow)."""
        return card

    # --- reading the input ------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        existing = self.entries(self.card)
        for i, entry in enumerate(existing):
            if data.get(f"remove_{i}"):
                problem = self.removal_problem(entry)
                if problem:
                    self.add_error(f"remove_{i}", problem)
            elif f"name_{i}" in data and not (data[f"name_{i}"] or "").strip():
                self.add_error(f"name_{i}", f"Give the {self.kind} a name (or remove it).")
        gone = all(data.get(f"remove_{i}") for i in range(len(existing)))
        if self.at_least_one and existing and gone and not (data.get("new_name") or "").strip():
            self.add_error(None, f"The card needs at least one {self.kind}.")
        name = (data.get("new_name") or "").strip()
        code = (data.get("new_code") or "").strip()
        if name:
            code = code or code_from(name)
            if not code or not CODE_PATTERN.match(code):
                self.add_error(
                    "new_code",
                    "Use letters, digits and _ + - . only (starting with a letter or digit).",
                )
            elif code in {e.code if hasattr(e, "code") else e.slug for e in existing}:
                self.add_error(
                    "new_code",
                    f"{a(self.kind).capitalize()} with the code {code!r} exists; choose another.",
                )
            elif len(existing) >= MAX_ITEMS:
                self.add_error("new_name", f"At most {MAX_ITEMS} of them in one card.")
            else:
                data["new_code"] = code
                self.clean_new(data)
        elif code or self.new_values_given(data):
            self.add_error("new_name", f"Name the new {self.kind}.")
        return data

    def new_values_given(self, data: dict) -> bool:
        """Whether a value was typed for a new entry (its boxes and choices have defaults)."""
        typed = [
            name
            for name, field in self.fields.items()
            if name.startswith("new_")
            and name not in ("new_name", "new_code")
            and not isinstance(field, (forms.BooleanField, forms.ChoiceField))
        ]
        return any(data.get(name) not in (None, "") for name in typed)

    def apply(self, card):
        d = self.cleaned_data
        kept, removed, left = [], set(), []
        for i, entry in enumerate(self.entries(card)):
            code = entry.code if hasattr(entry, "code") else entry.slug
            if d.get(f"remove_{i}"):
                removed.add(code)
            else:
                kept.append(self.edited(i, entry))
                left.append(i)
        rates = [r for r in card.rates if not self.dropped_rate(r, removed)]
        new_code = d.get("new_code") if (d.get("new_name") or "").strip() else None
        if new_code:
            kept.append(self.created(new_code))
            rates += self.added_rates(card, new_code)
        self.paths = renumbered(
            self.paths, self.collection, left, self.new_paths() if new_code else {}
        )
        card = dataclasses.replace(self.store(card, tuple(kept)), rates=tuple(rates))
        return self.rewrite(card, removed)


class RanksForm(CatalogueSection):
    key = "ranks"
    title = "Ranks"
    kind = "rank"
    collection = "ranks"
    rate_key = "rank"
    intro = (
        "The ranks officers hold. A higher level outranks a lower one; supervisors may fill "
        "supervisor positions. The base rank is the one a request gets when it asks for none."
    )

    def rank_fields(self, rank):
        return {
            "name": text_field(f"{rank.name}: name", required=True, initial=rank.name),
            "level": _level(f"{rank.name}: level", initial=rank.level),
            "supervisor": forms.BooleanField(
                label=f"{rank.name} may supervise", required=False, initial=rank.supervisor
            ),
        }

    def build(self, card):
        super().build(card)
        self.fields["base_rank"] = forms.ChoiceField(
            label="Base rank",
            choices=[(r.code, r.name) for r in card.ranks],
            initial=card.base_rank,
            help_text="A new rank cannot be the base rank until it is saved.",
        )
        self.paths["base_rank"] = "base_rank"

    def new_fields(self, card):
        return {
            "level": _level("Level of the new rank", required=False),
            "supervisor": forms.BooleanField(label="The new rank may supervise", required=False),
            "copy_from": self.copy_field(card, "No pay of its own (the any-rank rates apply)"),
        }

    def removal_help(self, rank):
        return ""  # its rates go only when "remove its pay rates too" is ticked

    def entry_fields(self, i, rank):
        fields = self.rank_fields(rank)
        n = len(rates_of(self.card, rank=rank.code))
        if n:
            fields["drop_rates"] = forms.BooleanField(
                label=f"When removing {rank.name}, remove its {_plural(n, 'pay rate')} too",
                required=False,
            )
        return fields

    def removal_problem(self, rank):
        card = self.card
        if self.data.get(self.add_prefix("base_rank"), card.base_rank) == rank.code:
            return f"{rank.name} is the base rank: choose another base rank first."
        rows = [str(i + 1) for i, row in enumerate(card.supervision.rows) if row.rank == rank.code]
        if rows:
            return (
                f"{rank.name} is still the supervisor rank of supervision row "
                f"{', '.join(rows)}: change those rows first."
            )
        if any(ratio.rank == rank.code for ratio in card.supervision.ratios):
            return (
                f"{rank.name} is still the supervisor rank of a supervision ratio: remove the "
                "ratio first."
            )
        held = _officers_holding(card.agency, rank.code)
        if held:
            return (
                f"{rank.name} is the rank of {_plural(held, 'active officer')}: change their rank "
                "on the officers page first."
            )
        n = len(rates_of(card, rank=rank.code))
        if n and not self.cleaned_data.get(f"drop_rates_{card.ranks.index(rank)}"):
            return (
                f"{rank.name} is still paid by {_plural(n, 'pay rate')}: tick "
                f"\u201cremove its pay rates too\u201d to remove them with it."
            )
        return None

    def clean_new(self, data):
        if data.get("new_level") is None:
            self.add_error("new_level", "Give the new rank a level (higher outranks lower).")

    def edited(self, i, rank):
        d = self.cleaned_data
        return dataclasses.replace(
            rank,
            name=d[f"name_{i}"].strip(),
            level=d[f"level_{i}"],
            supervisor=d[f"supervisor_{i}"],
        )

    def created(self, code):
        d = self.cleaned_data
        return c.Rank(code, d["new_name"].strip(), d["new_level"], d["new_supervisor"])

    def rewrite(self, card, removed):
        return dataclasses.replace(card, base_rank=self.cleaned_data["base_rank"])


class TiersForm(CatalogueSection):
    key = "tiers"
    title = "Tiers"
    kind = "tier"
    collection = "tiers"
    rate_key = "tier"
    intro = (
        "The tiers customers choose from, in order of price (a higher level costs more). A new "
        "tier starts with the pay of the tier you copy; removing a tier removes its pay rates."
    )

    def entry_fields(self, i, tier):
        return {
            "name": text_field(f"{tier.name}: name", required=True, initial=tier.name),
            "level": _level(f"{tier.name}: level", initial=tier.level),
            "description": text_field(
                f"{tier.name}: description for customers",
                limit=MAX_TEXT,
                initial=tier.description,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def build(self, card):
        super().build(card)
        if card.tiers:
            self.fields["default_tier"] = forms.ChoiceField(
                label="Default tier",
                choices=[(t.code, t.name) for t in card.tiers],
                initial=card.default_tier,
                help_text="The tier of a request that asks for none.",
            )
            self.paths["default_tier"] = "default_tier"

    def new_fields(self, card):
        fields = {
            "level": _level("Level of the new tier", required=False),
            "description": text_field("Description of the new tier", limit=MAX_TEXT),
        }
        if card.tiers:
            fields["copy_from"] = self.copy_field(card, "Choose a tier")
        return fields

    def removal_problem(self, tier):
        chosen = self.data.get(self.add_prefix("default_tier"), self.card.default_tier)
        if chosen == tier.code:
            return f"{tier.name} is the default tier: choose another default tier first."
        users = [name for name, effect in _effects(self.card) if effect.tier == tier.code]
        if users:
            return f"{tier.name} is the minimum tier of {', '.join(users)}: change that first."
        return None

    def clean_new(self, data):
        if data.get("new_level") is None:
            self.add_error("new_level", "Give the new tier a level (its place in the price order).")
        if self.card.tiers and not data.get("new_copy_from"):
            self.add_error(
                "new_copy_from",
                "A tier needs a pay rate for every rank: choose the tier whose pay it starts from.",
            )

    def edited(self, i, tier):
        d = self.cleaned_data
        return dataclasses.replace(
            tier,
            name=d[f"name_{i}"].strip(),
            level=d[f"level_{i}"],
            description=d[f"description_{i}"].strip(),
        )

    def created(self, code):
        d = self.cleaned_data
        return c.Tier(code, d["new_name"].strip(), d["new_level"], d["new_description"].strip())

    def rewrite(self, card, removed):
        default = self.cleaned_data.get("default_tier") or card.default_tier
        if not card.tiers:
            default = None
        elif default is None:
            default = card.tiers[0].code
        return dataclasses.replace(card, default_tier=default)


class CategoriesForm(CatalogueSection):
    key = "categories"
    title = "Rate categories"
    kind = "rate category"
    collection = "categories"
    rate_key = "category"
    intro = (
        "Pay scales besides the regular one (holiday, emergency, supervisor). Their amounts are "
        "set in \u201cOfficer pay per hour\u201d; removing a category removes its pay rates."
    )

    def entry_fields(self, i, category):
        return {
            "name": text_field(f"{category.name}: name", required=True, initial=category.name),
            "description": text_field(
                f"{category.name}: description",
                limit=MAX_TEXT,
                initial=category.description,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def new_fields(self, card):
        return {
            "description": text_field("Description of the new category", limit=MAX_TEXT),
            "copy_from": self.copy_field(card, "No pay yet"),
        }

    def removal_problem(self, category):
        if category.code == "regular":
            return f"{category.name} is the regular pay every card has; it cannot be removed."
        users = [name for name, e in _effects(self.card) if e.category == category.code]
        users += [
            f"supervision row {i + 1}"
            for i, row in enumerate(self.card.supervision.rows)
            if row.rate_category == category.code
        ]
        users += [
            f"the supervision ratio of {ratio.rank}"
            for ratio in self.card.supervision.ratios
            if ratio.rate_category == category.code
        ]
        if users:
            return f"{category.name} is still used by {', '.join(users)}: change that first."
        return None

    def edited(self, i, category):
        d = self.cleaned_data
        return dataclasses.replace(
            category, name=d[f"name_{i}"].strip(), description=d[f"description_{i}"].strip()
        )

    def created(self, code):
        d = self.cleaned_data
        return c.RateCategory(code, d["new_name"].strip(), d["new_description"].strip())


CATALOGUE = (RanksForm, TiersForm, CategoriesForm)

"""A rate card in words and tables for customers: the public pages and the agency API read this.

Everything here is derived from the card snapshot (``agencies.ratecards.current_card``), so the
pages are always up to date. Prices come from the engine's own fee rule (``admin_fee_rate``), never
from figures typed into a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agencies import premium_words
from agencies.formatting import duration, hours, money
from agencies.pricing import card as c
from agencies.pricing import holidays as calendar
from agencies.pricing.money import hourly_fee

PAYMENT_METHODS = {"card": "credit card", "ach": "ACH", "check": "check", "cash": "cash"}


def admin_fee_rate(card: c.RateCard, officer_pay: Decimal) -> Decimal:
    """The admin fee per officer hour on top of ``officer_pay`` (NOPD-RATE-1, ODM-RATE-1), from
    the engine's own fee rule, so the table and the quotes cannot disagree."""
    return hourly_fee(card.fee, officer_pay)


def _names(items) -> dict[str, str]:
    return {item.code: item.name for item in items}


# --- rate tables ----------------------------------------------------------------------------------


@dataclass
class Cell:
    officer_pay: Decimal
    admin_fee: Decimal
    price: Decimal
    example: bool = False


@dataclass
class RateTable:
    job_type: c.JobType
    columns: list[str]  # rank names (or "Any rank")
    rows: list[tuple[str, list[Cell | None]]]  # (row label, one cell per column)
    example: bool = False
    note: str = ""

    @property
    def single(self) -> bool:
        """One price for the whole job type (task-based schedules): listed together."""
        return len(self.columns) == 1 and len(self.rows) == 1

    @property
    def cell(self) -> Cell | None:
        return self.rows[0][1][0] if self.rows else None

    @property
    def lowest(self) -> Decimal | None:
        prices = [cell.price for _, cells in self.rows for cell in cells if cell is not None]
        return min(prices, default=None)


def rate_tables(card: c.RateCard) -> list[RateTable]:
    """One table per job type: rows are tiers and/or rate categories, columns ranks."""
    ranks = _names(card.ranks)
    tiers = {tier.code: tier for tier in card.tiers}
    categories = _names(card.categories)
    tables = []
    for job_type in card.job_types:
        rates = [rate for rate in card.rates if rate.job_type == job_type.code]
        if not rates:
            continue
        rank_codes = [rank.code for rank in card.ranks if any(r.rank == rank.code for r in rates)]
        if any(rate.rank is None for rate in rates):
            rank_codes = [None, *rank_codes]
        row_keys: list[tuple[str | None, str]] = []
        for tier in sorted(card.tiers, key=lambda t: t.level) or [None]:
            for category in card.categories:
                key = (tier.code if tier else None, category.code)
                if any((r.tier, r.category) == key for r in rates) and key not in row_keys:
                    row_keys.append(key)
        for rate in rates:  # anything the ordered walk missed (a tier not on the card)
            if (rate.tier, rate.category) not in row_keys:
                row_keys.append((rate.tier, rate.category))
        only_regular = all(category == "regular" for _, category in row_keys)
        rows = []
        for tier_code, category in row_keys:
            parts = []
            if tier_code is not None:
                parts.append(tiers[tier_code].name if tier_code in tiers else tier_code)
            if category != "regular" or tier_code is None and not only_regular:
                parts.append(categories.get(category, category))
            label = " · ".join(parts) or "Per hour"
            cells: list[Cell | None] = []
            for rank_code in rank_codes:
                rate = next(
                    (
                        r
                        for r in rates
                        if r.rank == rank_code and r.tier == tier_code and r.category == category
                    ),
                    None,
                )
                if rate is None:
                    cells.append(None)
                    continue
                fee = admin_fee_rate(card, rate.officer_pay)
                cells.append(Cell(rate.officer_pay, fee, rate.officer_pay + fee, rate.example))
            rows.append((label, cells))
        columns = [ranks.get(code, code) if code else "Any rank" for code in rank_codes]
        example = job_type.example or any(rate.example for rate in rates)
        tables.append(RateTable(job_type, columns, rows, example, job_type.description))
    return tables


# --- rules in words ---------------------------------------------------------------------------


def effect_words(card: c.RateCard, effect: c.Effect) -> str:
    if effect.kind == c.EFFECT_MINIMUM_TIER:
        tier = _names(card.tiers).get(effect.tier or "", effect.tier)
        return f"at least {tier} (a higher tier you chose stays)"
    if effect.kind == c.EFFECT_RATE_CATEGORY:
        name = _names(card.categories).get(effect.category or "", effect.category)
        return f"the {name} rate applies"
    if effect.kind == c.EFFECT_MULTIPLIER:
        return f"officer pay x {hours(effect.multiplier)}"
    if effect.kind == c.EFFECT_SURCHARGE:
        return f"officer pay plus {money(effect.amount or 0, card.currency)} per hour"
    return ""


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


ADDON_UNITS = {
    c.ADDON_PER_OFFICER_HOUR: "per officer per hour",
    c.ADDON_PER_OFFICER_SHIFT: "per officer per shift",
    c.ADDON_PER_SHIFT: "per shift",
    c.ADDON_PER_JOB: "per job",
}


def add_on_price(add_on: c.AddOn, currency: str = "USD") -> str:
    """What an add-on costs, in words (PLAT-ADDON-1): "$10.00 per officer per hour", "$15.00 per
    cruiser per hour (choose how many, up to 20)", "$40.00 for the first hour, then $20.00 per
    hour, per vehicle (choose how many, up to 4)"."""
    amount = money(add_on.amount, currency)
    if not add_on.takes_quantity:
        return f"{amount} {ADDON_UNITS.get(add_on.kind, '')}".strip()
    unit = add_on.unit.strip() or "unit"
    most = f"choose how many, up to {add_on.most}"
    if add_on.kind == c.ADDON_PER_UNIT_SHIFT:
        return f"{amount} per {unit} per shift ({most})"
    hours = "hour the shift lasts" if add_on.unit_hours == c.UNIT_HOURS_ELAPSED else "billed hour"
    if add_on.first_hour_amount is not None:
        first = money(add_on.first_hour_amount, currency)
        return f"{first} for the first hour, then {amount} per {hours}, per {unit} ({most})"
    return f"{amount} per {unit} per {hours} ({most})"


def add_on_when(add_on: c.AddOn) -> str:
    """When a time-banded add-on applies, in words: "17:00-07:00, starting Mon-Fri"."""
    if add_on.window_start is None or add_on.window_end is None:
        return ""
    text = f"{add_on.window_start:%H:%M}-{add_on.window_end:%H:%M}"
    days = sorted(set(add_on.weekdays))
    if days and len(days) < 7:
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            named = f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
        else:
            named = ", ".join(DAY_NAMES[d] for d in days)
        text += f", starting {named}"
    return text


def fee_words(card: c.RateCard) -> str:
    fee = card.fee
    if fee.kind == c.FEE_PER_HOUR:
        return f"an admin fee of {money(fee.amount, card.currency)} per billed officer hour"
    if fee.kind == c.FEE_PERCENT:
        text = f"an admin fee of {hours(fee.percent)} % of officer pay per hour"
        rounding = {c.ROUND_HALF_UP: "rounded to the nearest cent", c.ROUND_UP: "rounded up"}
        text += f", {rounding.get(fee.rounding, 'rounded down')}"
        if fee.cap is not None:
            text += f", at most {money(fee.cap, card.currency)} per hour"
        return text
    text = f"an admin fee of {money(fee.amount, card.currency)} per job"
    if fee.per_officer:
        text += f" plus {money(fee.per_officer, card.currency)} per officer per shift"
    return text


def minimum_words(card: c.RateCard) -> list[str]:
    lines = []
    if card.minimum_hours:
        minimum = hours(card.minimum_hours)
        lines.append(f"Every officer is billed at least {minimum} hours per shift.")
    for job_type in card.job_types:
        if job_type.minimum_hours is not None and job_type.minimum_hours != card.minimum_hours:
            lines.append(f"{job_type.name}: at least {hours(job_type.minimum_hours)} hours.")
    for block in card.billing_blocks:
        lines.append(
            f"A shift longer than {hours(block.over_hours)} hours is billed as "
            f"{hours(block.bill_hours)} hours."
        )
    if card.overtime:
        lines.append(premium_words.overtime_words(card))
    if card.max_shift_hours is not None:
        lines.append(f"A shift can be at most {hours(card.max_shift_hours)} hours long.")
    else:
        lines.append("The agency sets no maximum shift length.")
    return lines


def _notice_line(card: c.RateCard, rule: c.NoticeRule) -> str:
    consequences = []
    if rule.refuse:
        consequences.append("the request cannot be accepted")
    effect = effect_words(card, rule.effect)
    if effect:
        consequences.append(effect)
    if rule.requires_approval:
        consequences.append("a coordinator must approve it")
    if not consequences:
        consequences.append("you are warned before you send the request")
    when = f"less than {duration(rule.within_hours)} before the start"
    return f"{rule.name} ({when}): " + "; ".join(consequences) + "."


def notice_words(card: c.RateCard) -> list[str]:
    lines = [
        _notice_line(card, rule)
        for rule in sorted(card.notice, key=lambda r: r.within_hours, reverse=True)
    ]
    lines.append("A start time that has already passed cannot be requested.")
    return lines


def _charge_words(card: c.RateCard, charge: c.ChargeComponent) -> str:
    if charge.kind == c.CHARGE_ADMIN_FEES_FIRST_HOURS:
        return f"the admin fees for the first {hours(charge.hours)} hours of the assignment"
    if charge.kind == c.CHARGE_GREATER_OF_WORKED_OR_MINIMUM:
        return "officer pay for the greater of the hours worked or the minimum hours"
    if charge.kind == c.CHARGE_HOURS_PER_OFFICER:
        return f"{hours(charge.hours)} hours per officer"
    if charge.kind == c.CHARGE_MINIMUM_HOURS:
        return "the minimum hours per officer"
    if charge.kind == c.CHARGE_FLAT:
        return f"a flat {money(charge.amount, card.currency)}"
    return "all police fees"


def _cancellation_line(card: c.RateCard, rule: c.CancellationRule) -> str:
    if rule.description:
        return rule.description
    job_names = _names(card.job_types)
    when = (
        "before the job is approved"
        if rule.stage == c.CANCEL_BEFORE_APPROVAL
        else ("after the job is approved and scheduled")
    )
    if rule.after_start:
        when += ", after the start"
    elif rule.within_hours is not None:
        if rule.inclusive:
            when += f", {duration(rule.within_hours)} or less before the start"
        else:
            when += f", less than {duration(rule.within_hours)} before the start"
    if rule.job_types:
        when += " (" + ", ".join(job_names.get(j, j) for j in rule.job_types) + ")"
    if rule.charges:
        cost = " plus ".join(_charge_words(card, charge) for charge in rule.charges)
    else:
        cost = "no charge"
    return f"Cancelling {when}: {cost}."


AGENCY_CANCELS = (
    "If the agency cancels a job for police necessity or extraordinary circumstances, "
    "there is no charge and any advance payment is refunded in full."
)


def cancellation_words(card: c.RateCard) -> list[str]:
    lines = [_cancellation_line(card, rule) for rule in card.cancellation.rules]
    if not card.cancellation.rules:
        lines.append("Cancelling costs nothing under this agency's published terms.")
    if card.cancellation.agency_cancel_free:
        lines.append(AGENCY_CANCELS)
    return lines


def payment_words(card: c.RateCard) -> str:
    terms = card.payment
    methods = [PAYMENT_METHODS.get(m, m) for m in terms.methods]
    if len(methods) > 1:
        method_text = ", ".join(methods[:-1]) + " or " + methods[-1]
    else:
        method_text = "".join(methods)
    if terms.kind == c.PAYMENT_PREPAY:
        text = (
            f"Payment is due {duration(terms.hours_before_start or 0)} before the scheduled start; "
            "a job that is not paid by then is not worked."
        )
    else:
        text = f"Payment is due {terms.net_days} days after the job is completed."
        if terms.late_fee_percent is not None:
            text += (
                f" An invoice still unpaid after that is charged a late fee of "
                f"{terms.late_fee_percent.normalize():f}% of what is owed, once."
            )
    if method_text:
        text += f" Pay by {method_text}."
    return text


def hour_cap_words(card: c.RateCard) -> str:
    caps = card.hour_caps
    parts = []
    if caps.rolling_24h is not None:
        parts.append(f"{hours(caps.rolling_24h)} hours in any 24 hours")
    if caps.per_week is not None:
        parts.append(f"{hours(caps.per_week)} hours a week")
    return ("Officers work at most " + " and ".join(parts) + ".") if parts else ""


@dataclass
class SupervisionView:
    rows: list[str] = field(default_factory=list)
    example: bool = False
    below: str = ""


def supervision(card: c.RateCard) -> SupervisionView:
    ranks = _names(card.ranks)
    sup = card.supervision
    view = SupervisionView(example=sup.example or any(row.example for row in sup.rows))
    by_range: dict[tuple[int, int | None], list[c.SupervisionRow]] = {}
    for row in sorted(sup.rows, key=lambda r: r.min_officers):
        by_range.setdefault((row.min_officers, row.max_officers), []).append(row)
    for (low, high), rows in by_range.items():
        officers = f"{low} or more officers" if high is None else f"{low}-{high} officers"
        parts = []
        for row in rows:
            rank = ranks.get(row.rank, row.rank)
            text = f"{row.supervisors} {rank}{'s' if row.supervisors != 1 else ''}"
            if row.counts_toward_requested:
                text += " (counted among the officers you ask for)"
            parts.append(text)
        extra = (
            ""
            if all(r.counts_toward_requested for r in rows)
            else (" in addition to the officers you ask for")
        )
        view.rows.append(f"{officers}: " + " and ".join(parts) + extra)
    view.rows.extend(_ratio_words(ranks, ratio) for ratio in sup.ratios)
    view.example = view.example or any(ratio.example for ratio in sup.ratios)
    if sup.senior_officer_responsible:
        starts = [row.min_officers for row in sup.rows if row.supervisors]
        starts += [max(ratio.from_officers, 1) for ratio in sup.ratios]
        first = min(starts, default=None)
        below = f"With fewer than {first} officers" if first else "Without a supervisor"
        view.below = f"{below}, the most senior officer on the job is responsible on site."
    return view


def _ratio_words(ranks: dict[str, str], ratio: c.SupervisionRatio) -> str:
    """A supervision ratio in words (PLAT-SUP-2): "1 Sergeant for every 5 officers on site at
    once, from 5 officers (12 officers: 3 Sergeants), in addition to the officers you ask for"."""
    rank = ranks.get(ratio.rank, ratio.rank)
    n = ratio.per_officers
    text = f"1 {rank} for every {n} officer{'s' if n != 1 else ''} on site at once"
    start = max(ratio.from_officers, 1)
    if start > 1:
        text += f", from {start} officers"
    example = max(start, 2 * n + 2)
    count = -(-example // n)
    text += f" ({example} officers: {count} {rank}{'s' if count != 1 else ''})"
    if ratio.counts_toward_requested:
        return text + ", counted among the officers you ask for"
    return text + ", in addition to the officers you ask for"


def categories(card: c.RateCard) -> list[dict]:
    """Work categories as the API and pages show them (reason only when prohibited)."""
    out = []
    for category in card.work_categories:
        item = {
            "slug": category.slug,
            "name": category.name,
            "prohibited": category.prohibited,
            "needs_review": category.needs_review,
        }
        if category.prohibited:
            item["reason"] = category.reason
        out.append(item)
    return out


# --- rule IDs in plain words -----------------------------------------------------------------


@dataclass(frozen=True)
class RuleWords:
    """A rule ID a quote cites, with the card's terms behind it in plain words; the rates page
    shows it at ``#<anchor>``, where the quotes' rule codes link."""

    rule: str
    anchor: str
    words: tuple[str, ...]


def rule_anchor(rule: str) -> str:
    """The rates page's anchor of a rule ID: ``NOPD-RATE-1`` -> ``rule-nopd-rate-1``."""
    return "rule-" + "-".join("".join(ch if ch.isalnum() else " " for ch in rule.lower()).split())


def _calendar_mode(rule: c.CalendarRule) -> str:
    return premium_words.when_words(rule)


def rule_words(card: c.RateCard) -> list[RuleWords]:
    """Every rule ID the card quotes, in the order the card cites them, each with the sentences
    of the card's terms that carry it (the same words as the rest of the rates page)."""
    found: dict[str, list[str]] = {}

    def cite(rules, *lines: str) -> None:
        for rule in rules:
            words = found.setdefault(rule, [])
            words.extend(line for line in lines if line and line not in words)

    def said(name: str, text: str) -> str:
        return f"{name}: {text.strip().rstrip('.')}."

    by = "rank and tier" if card.tiers else "rank"
    cite(
        card.rate_rules,
        f"The price per officer hour is officer pay by {by}, plus {fee_words(card)}.",
    )
    for job_type in card.job_types:
        cite(
            job_type.rules,
            said(job_type.name, job_type.description or "priced from its own rates"),
        )
    cite(card.minimum_rules, *minimum_words(card)[:-1])
    cite(card.highest_rate_rules, premium_words.combine_words(card))
    for rule in card.calendar:
        cite(rule.rules, said(rule.name, effect_words(card, rule.effect) + _calendar_mode(rule)))
    for rule in card.notice:
        cite(rule.rules, _notice_line(card, rule))
    for add_on in card.add_ons:
        cite(
            add_on.rules,
            said(add_on.name, add_on.description or money(add_on.amount, card.currency)),
        )
    sup = supervision(card)
    cite(card.supervision.rules, *(row.rstrip(".") + "." for row in sup.rows), sup.below)
    for rule in card.cancellation.rules:
        cite(rule.rules, _cancellation_line(card, rule))
    cite(card.cancellation.agency_cancel_rules, AGENCY_CANCELS)
    cite(card.payment.rules, payment_words(card))
    cite(card.hour_caps.rules, hour_cap_words(card))
    for category in card.work_categories:
        reason = category.reason if category.prohibited else "a coordinator reviews it first"
        cite(category.rules, said(category.name, reason))
    return [RuleWords(rule, rule_anchor(rule), tuple(words)) for rule, words in found.items()]


# --- holidays ------------------------------------------------------------------------------------


@dataclass
class HolidayDay:
    day: date
    name: str
    rule: str  # the calendar rule's name ("Holiday", "High demand")
    effect: str  # in words


def holidays(card: c.RateCard, year: int) -> list[HolidayDay]:
    """The dates that change the price in ``year``, from the engine's calendar."""
    days: list[HolidayDay] = []
    for rule in card.calendar:
        effect = effect_words(card, rule.effect)
        for day, name in calendar.rule_dates(rule, year):
            days.append(HolidayDay(day, name, rule.name, effect))
    days.sort(key=lambda d: (d.day, d.name))
    return days

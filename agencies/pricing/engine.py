"""The pricing engine: a rate card and a request in, an itemized quote out (PLAT-QUOTE-1).

Pure: no ORM, no clock, no settings; the caller passes ``requested_at``. The same function prices
quotes, bookings, invoices and cancellations. Product decisions, in order of application:

Validation (``QuoteError(field, message)`` in the customer's words): at least one shift; each
shift ends after it starts; officers a whole number of at least 1; a start already past (at or
before ``requested_at``) is refused (NOPD-LEAD-1, ODM-LEAD-1); a shift longer than the card's
``max_shift_hours`` is refused; an unknown rank, tier or job type is refused naming the choices; a
tier where the card or the job type has no tiers is refused; an unknown or automatic add-on, or a
quantity out of its bounds, is refused (field ``add_ons``). A job type needing a specialty is fine
here: eligibility is the officers' concern. Naive times mean agency local time.

Hours (PLAT-TIME-1): elapsed real time (a 00:00-04:00 shift is 3 h on spring-forward night and
5 h on fall-back night), shown and billed to 2 places, half-up from the exact seconds.

Segments: a shift is split at local midnights (agency time zone) so each part takes its own date's
calendar rules (NOPD-HOL-2, ODM-HOL-2: the hours on the holiday). A calendar rule in whole-shift
mode applies to the whole shift when any part of it (hours added by the minimum included) falls on
a matching date.

Rates (``premiums``): the base is the chosen tier (or the card's default) in category "regular";
the calendar rules of the hour's date and time band and the notice rules (notice = that shift's
start minus ``requested_at`` under the rule's hours) bring premiums, combined by the card's
``premiums`` (the highest rate wins by default, ODM-RATE-2). The admin fee per hour follows the fee
rule (``money.hourly_fee``); a holiday uplift goes to officer pay, the fee stays (NOPD-HOL-1).

Minimum and blocks, per officer per shift: billed = max(elapsed, the job type's or the card's
minimum hours); a shift longer than a block's ``over_hours`` bills at least its ``bill_hours``.
The hours added are their own line ("Minimum 4 h: 1.00 h added"), priced as if the shift ran on
to reach them: within one date that is the rate of the shift's own hours; across a date boundary
it keeps "more hours never cost less" true (a 1-hour shift can never cost more than a 2-hour one
starting at the same time). A time band says whether those hours take it where they fall (the
default), never, or when the shift starts inside it (``CalendarRule.padding``, PLAT-PREMIUM-1).
``agencies.pricing.layout`` bills the hours and cuts the shift into the pieces priced here.

Overtime, per officer per shift: billed hours past the card's ``after_hours`` (rounded up to its
increments) are the LAST hours of the shift, priced by ``premiums`` with overtime.

Supervision (NOPD-SUP-1, PLAT-SUP-2): ``agencies.pricing.supervision`` says how many supervisors
of which rank each shift needs (the table and the ratios, overlapping shifts one crowd with its
supervisors counted once); they are priced at their rank (optionally another rate category).
Without any, the most senior officer on the job is responsible (when the card says so).

Add-ons (PLAT-ADDON-1): ``agencies.pricing.addons`` selects them (with the quantity the customer
chose) and writes their lines.

Notice rules: ``refuse`` refuses the shift; ``requires_approval`` sets ``Quote.requires_approval``;
the warning is given once per rule with the shortest notice in the request.

Lines: one per shift, role and run of hours at the same rate (adjacent segments at an identical
rate merge). Money on a line is hours x rate rounded half-up to the cent, taken as a running total
over the lines of one role on one shift: each line is the rounded total so far minus the lines
before it. A shift split into lines (a holiday boundary, the minimum, overtime) so costs exactly
what its hours cost at their rates (a 3.5-hour Asheville request billed as 4 hours costs the same
207.00 as a 4-hour one), and more hours never cost less; a line after a line with a fraction of a
cent can differ from its own hours x rate by one cent. The quote's totals are exact sums of its
lines (PLAT-MONEY-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from agencies.pricing import addons, layout, premiums, supervision
from agencies.pricing import card as c
from agencies.pricing.index import CardIndex, Choice, index_for
from agencies.pricing.money import CENT, ZERO, dollars, hourly_fee, q
from agencies.pricing.timefmt import local_time, notice_text
from agencies.pricing.types import Quote, QuoteError, QuoteLine, QuoteRequest, ShiftSummary

__all__ = ["ShiftRates", "hourly_fee", "local_date", "officer_rates", "quote"]

_HOUR_KINDS = frozenset({"officer", "supervisor", "minimum", "overtime"})
SENIOR_RESPONSIBLE = "The most senior officer on the job is responsible."


class _Job:
    """A checked request: codes resolved, times safe to subtract."""

    __slots__ = ("job_type", "rank", "tier", "add_ons", "requested_at", "shifts")

    def __init__(self, job_type, rank, tier, add_ons, requested_at, shifts):
        self.job_type: c.JobType = job_type
        self.rank: str = rank
        self.tier: str | None = tier
        self.add_ons: addons.Selected = add_ons  # (add-on, quantity)
        self.requested_at: datetime = requested_at
        # (index, start, end, officers, elapsed hours)
        self.shifts: list[tuple[int, datetime, datetime, int, Decimal]] = shifts


@dataclass(frozen=True, slots=True)
class ShiftRates:
    """What one base-rank officer is paid on a shift, for cancellation charges."""

    index: int
    starts_at: datetime
    ends_at: datetime
    officers: int
    minimum_hours: Decimal
    slices: tuple[tuple[datetime, datetime, Choice], ...]  # elapsed time at each rate


# --- validation ---------------------------------------------------------------------------------


def _choices(items) -> str:
    return ", ".join(f"{item.code} ({item.name})" for item in items)


def _num(value: Decimal) -> str:
    """4 -> "4", 1.50 -> "1.5"."""
    return format(value.normalize(), "f")


def _aware(moment: datetime, ix: CardIndex) -> datetime:
    """The instant in UTC (naive means agency local time). Python subtracts two times of the same
    zone by their wall clocks (PLAT-TIME-1), so every time is converted once, here; times that
    share the one UTC tzinfo then subtract and compare several times faster than times whose
    offsets must be looked up on each operation."""
    tzinfo = moment.tzinfo
    if tzinfo is UTC:
        return moment
    if tzinfo is None or moment.utcoffset() is None:
        moment = local_time(moment, ix.tz)
    return moment.astimezone(UTC)


def _prepare(ix: CardIndex, request: QuoteRequest) -> _Job:
    card = ix.card
    job_type = ix.job_types.get(request.job_type)
    if job_type is None:
        raise QuoteError(
            "job_type",
            f"Unknown job type {request.job_type!r}. Choose one of: {_choices(card.job_types)}.",
        )
    rank = request.rank
    if rank is None:
        rank = card.base_rank
    if rank not in ix.ranks:
        raise QuoteError("rank", f"Unknown rank {rank!r}. Choose one of: {_choices(card.ranks)}.")
    tier = request.tier
    if not (ix.tiers and job_type.uses_tiers):
        if tier is not None:
            if ix.tiers:
                raise QuoteError(
                    "tier", f"{job_type.name} jobs are not priced by tier: leave the tier out."
                )
            raise QuoteError("tier", "This agency does not price by tier: leave the tier out.")
    else:
        if tier is None:
            tier = card.default_tier
        if tier not in ix.tiers:
            raise QuoteError(
                "tier", f"Unknown tier {tier!r}. Choose one of: {_choices(card.tiers)}."
            )
    selected = addons.select(ix, request)
    if not request.shifts:
        raise QuoteError("shifts", "Add at least one shift.")
    requested_at = _aware(request.requested_at, ix)
    shifts = []
    max_shift = ix.max_shift
    for i, shift in enumerate(request.shifts):
        officers = shift.officers
        if type(officers) is not int or officers < 1:
            raise QuoteError(
                f"shifts[{i}].officers",
                "The number of officers must be a whole number, at least 1.",
            )
        start = _aware(shift.starts_at, ix)
        end = _aware(shift.ends_at, ix)
        length = end - start
        if length.days < 0 or not length:
            raise QuoteError(f"shifts[{i}].ends_at", "The end must be after the start.")
        if start <= requested_at:
            raise QuoteError(f"shifts[{i}].starts_at", "This start time has already passed.")
        if max_shift is not None and length > max_shift:
            raise QuoteError(
                f"shifts[{i}].ends_at",
                f"A shift can be at most {_num(card.max_shift_hours)} hours long "
                f"(this one is {ix.hours(length)} hours).",
            )
        shifts.append((i, start, end, officers, ix.hours(length)))
    return _Job(job_type, rank, tier, selected, requested_at, shifts)


# --- lines --------------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Quoter:
    """One quote in the making: lines and what shaped them."""

    def __init__(self, ix: CardIndex, job: _Job):
        self.ix = ix
        self.card = ix.card
        self.job = job
        self.lines: list[QuoteLine] = []
        self.rules: set[str] = set()
        self.shortest: dict[int, timedelta] = {}  # notice rule -> shortest notice given
        self.won: set[int] = set()  # sources of the rates that priced a line
        self.example = False

    def notice(self, shift_index: int, start: datetime) -> tuple[int, ...]:
        """The notice rules that apply to a shift starting at ``start`` (refusals raise)."""
        if not self.ix.notice:
            return ()
        lead = start - self.job.requested_at
        applied = []
        for i, rule, within in self.ix.notice:
            if lead < within:
                if rule.refuse:
                    raise QuoteError(
                        f"shifts[{shift_index}].starts_at",
                        rule.warning
                        or f"{rule.name}: a request must come at least "
                        f"{_num(rule.within_hours)} hours before the start.",
                    )
                applied.append(i)
                if i not in self.shortest or lead < self.shortest[i]:
                    self.shortest[i] = lead
        return tuple(applied)

    def run(self) -> Quote:
        ix, card, job = self.ix, self.card, self.job
        crowd, carrier = supervision.crowds(job.shifts, supervision.simultaneous(job.shifts))
        summaries = []
        responsible: set[tuple[int, str]] = set()  # (rank level, sentence); -1: senior officer
        supervision_warnings: dict[str, None] = {}
        most_supervisors = 0
        all_persons = 0
        has_calendar = bool(card.calendar)
        for k, (index, start, end, officers, elapsed) in enumerate(job.shifts):
            local_start, local_end, day, midnight = ix.frame(start, end)
            notice = self.notice(index, start)
            billed, by_block = layout.billed(ix, job.job_type, elapsed)
            pieces = layout.pieces(ix, start, end, elapsed, billed, day, midnight)
            calendar = (
                premiums.calendar_for(ix, pieces)
                if has_calendar
                else [premiums.NO_CALENDAR] * len(pieces)
            )
            roles, rows, supervisors = supervision.roles(ix, job.rank, officers, crowd[k])
            shared = carrier[k] != k and supervisors > 0
            if shared:  # the overlapping shift that carries the crowd's supervisors has them
                roles, rows, supervisors = [("officer", job.rank, officers, "regular")], (), 0
            if supervisors > most_supervisors:
                most_supervisors = supervisors
            shift_hours = ZERO
            persons = 0
            for kind, rank, count, category in roles:
                if count:
                    persons += count
                    shift_hours += self.role_lines(
                        index,
                        kind,
                        rank,
                        count,
                        category,
                        pieces,
                        calendar,
                        notice,
                        end,
                        billed,
                        by_block,
                    )
            base_choice = ix.choose(
                job.job_type, job.rank, job.tier, "regular", calendar[0][0], notice
            )
            sup_rank = None
            if supervisors:
                warning, in_charge, sup_rank = supervision.words(ix, roles, rows, crowd[k])
                supervision_warnings[warning] = None
                responsible.add(in_charge)
                self.rules.update(card.supervision.rules)
            elif card.supervision.senior_officer_responsible and not shared:
                responsible.add((-1, SENIOR_RESPONSIBLE))
                self.rules.update(card.supervision.rules)
            all_persons += persons
            if job.add_ons:
                for line in addons.shift_lines(
                    ix, job.add_ons, index, start, end, persons, shift_hours, billed, elapsed
                ):
                    self.lines.append(line)
                    self.rules.update(line.rules)
            summary = ShiftSummary(
                index=index,
                starts_at=local_start,
                ends_at=local_end,
                officers=officers,
                supervisors=supervisors,
                supervisor_rank=sup_rank,
                elapsed_hours=elapsed,
                billed_hours=billed,
                officer_pay_rate=base_choice.officer_pay,
                tier=base_choice.tier,
            )
            summaries.append(summary)
        if job.add_ons or card.fee.kind == c.FEE_PER_JOB:
            self.job_lines(all_persons)
        return self.finish(summaries, responsible, supervision_warnings, most_supervisors)

    def role_lines(
        self, index, kind, rank, count, category, pieces, calendar, notice, end, billed, by_block
    ) -> Decimal:
        """The lines of one role (officers or supervisors of a rank) on one shift; returns the
        billed officer-hours."""
        ix, job, card = self.ix, self.job, self.card
        choose = ix.choose
        groups: list[list] = []  # [line kind, choice, h0, h1, t0, t1, [why in words]]
        for n, piece in enumerate(pieces):
            applied, labels = calendar[n]
            choice = choose(job.job_type, rank, job.tier, category, applied, notice, piece[6])
            if piece[6]:
                line_kind = "overtime"
            elif piece[5]:
                line_kind = "minimum"
            else:
                line_kind = kind
            whys = [labels[s] for s in choice.priced_by if s in labels] if labels else []
            if groups and groups[-1][0] == line_kind and groups[-1][1] is choice:
                group = groups[-1]
                group[3] = piece[1]
                group[5] = piece[3]
                group[6].extend(why for why in whys if why not in group[6])
            else:
                groups.append(
                    [line_kind, choice, piece[0], piece[1], piece[2], piece[3], list(whys)]
                )
        if kind == "officer":
            who = f"{count} officer" if count == 1 else f"{count} officers"
            extra_rules = ()
        else:
            rank_name = ix.ranks[rank].name.lower()
            who = (
                f"1 {rank_name} (supervisor)"
                if count == 1
                else f"{count} {rank_name}s (supervisors)"
            )
            extra_rules = card.supervision.rules
        total = ZERO
        lines = self.lines
        exact_pay = exact_fee = billed_pay = billed_fee = ZERO  # running totals of this role
        for line_kind, choice, h0, h1, t0, t1, seen in groups:
            per_officer = h1 - h0
            rules = choice.rules
            if line_kind == "minimum":
                rules = (*rules, *card.minimum_rules)
                if by_block:
                    over = _num(card.billing_blocks[0].over_hours)
                    head = f"Shifts over {over} h bill {_num(billed)} h"
                else:
                    head = f"Minimum {_num(billed)} h"
                description = f"{head}: {per_officer} h added"
                if count > 1 or kind != "officer":
                    description += f" for {who}"
            elif line_kind == "overtime":
                description = (
                    f"{who} x {per_officer} h overtime past "
                    f"{_num(card.overtime.after_hours)} h in the shift"
                )
                if card.overtime.increment_hours:
                    description += f" (billed in {_num(card.overtime.increment_hours)} h blocks)"
                if t1 <= end:
                    description += f", {ix.range_text(t0, t1)}"
                if seen:
                    description += f" ({', '.join(seen)})"
            else:
                description = f"{who} x {per_officer!s} h, {ix.range_text(t0, t1)}"
                if seen:
                    description += f" ({', '.join(seen)})"
            if extra_rules:
                rules = tuple(dict.fromkeys((*rules, *extra_rules)))
            elif line_kind == "minimum":
                rules = tuple(dict.fromkeys(rules))
            hours = per_officer * count
            # Rounded as a running total: the role's lines on this shift sum to exactly what its
            # hours cost at their rates, so more hours never cost less (see the module notes).
            exact_pay += hours * choice.officer_pay
            exact_fee += hours * choice.admin_fee
            officer_pay = exact_pay.quantize(CENT, ROUND_HALF_UP) - billed_pay
            admin_fee = exact_fee.quantize(CENT, ROUND_HALF_UP) - billed_fee
            billed_pay += officer_pay
            billed_fee += admin_fee
            line = QuoteLine(
                description=description,
                rate_name=choice.name,
                hours=hours,
                officers=count,
                officer_pay_rate=choice.officer_pay,
                admin_fee_rate=choice.admin_fee,
                officer_pay=officer_pay,
                admin_fee=admin_fee,
                other=ZERO,
                amount=officer_pay + admin_fee,
                rules=rules,
                shift=index,
                kind=line_kind,
                hours_per_officer=per_officer,
                rank=choice.rank,
                tier=choice.tier,
                category=choice.category,
            )
            lines.append(line)
            self.rules.update(rules)
            self.won.update(choice.priced_by)
            if choice.example:
                self.example = True
            total += hours
        return total

    def job_lines(self, persons: int) -> None:
        for line in addons.job_lines(self.job.add_ons):
            self.lines.append(line)
            self.rules.update(line.rules)
        fee = self.card.fee
        if fee.kind == c.FEE_PER_JOB:
            rules = self.card.rate_rules
            if fee.per_officer:
                amount = q(fee.per_officer * persons)
                self.lines.append(
                    addons.charge_line(
                        "Admin fee",
                        f"{_plural(persons, 'officer-shift')} x {dollars(fee.per_officer)}",
                        amount,
                        c.ACCRUES_FEE,
                        "fee",
                        None,
                        persons,
                        ZERO,
                        fee.per_officer,
                        rules,
                    )
                )
            if fee.amount:
                amount = q(fee.amount)
                self.lines.append(
                    addons.charge_line(
                        "Admin fee",
                        f"{dollars(amount)} per job",
                        amount,
                        c.ACCRUES_FEE,
                        "fee",
                        None,
                        0,
                        ZERO,
                        amount,
                        rules,
                    )
                )
            self.rules.update(rules)

    def finish(self, summaries, responsible, supervision_warnings, most_supervisors) -> Quote:
        card = self.card
        warnings: list[str] = []
        requires_approval = False
        for i, lead in sorted(self.shortest.items()):
            rule = card.notice[i]
            self.rules.update(rule.rules)
            if rule.requires_approval:
                requires_approval = True
            if not rule.warning:
                continue
            if rule.effect.kind != c.EFFECT_NONE and (-2 - i) not in self.won:
                continue  # another, higher rate applied instead (ODM-RATE-2)
            warnings.append(f"{rule.warning} (Notice given: {notice_text(lead)}.)")
        warnings.extend(supervision_warnings)
        if self.example:
            warnings.append(
                f"{self.job.job_type.name} rates here are example values, not the agency's "
                "published rates."
            )
        lines = self.lines
        if len(lines) == 1:
            line = lines[0]
            officer_pay, admin_fee, other = line.officer_pay, line.admin_fee, line.other
            hours = line.hours if line.kind in _HOUR_KINDS else ZERO
        else:
            officer_pay = admin_fee = other = hours = ZERO
            for line in lines:
                officer_pay += line.officer_pay
                admin_fee += line.admin_fee
                other += line.other
                if line.kind in _HOUR_KINDS:
                    hours += line.hours
        # The highest supervisor rank on any shift is named, whatever the order of the shifts.
        level, text = max(responsible, default=(-1, ""))
        if level >= 0 and (-1, SENIOR_RESPONSIBLE) in responsible:
            responsible_text = (
                f"{text[:-1]} on shifts with supervisors; otherwise the most senior officer on "
                "the job is responsible."
            )
        else:
            responsible_text = text
        result = Quote(
            currency=card.currency,
            total=officer_pay + admin_fee + other,
            officer_pay=officer_pay,
            admin_fee=admin_fee,
            other_charges=other,
            billed_officer_hours=hours,
            supervisors_required=most_supervisors,
            lines=tuple(lines),
            warnings=tuple(warnings),
            requires_approval=requires_approval,
            rules=tuple(sorted(self.rules)),
            shifts=tuple(summaries),
            responsible=responsible_text,
            card_version=card.version,
        )
        return result


def quote(card: c.RateCard, request: QuoteRequest) -> Quote:
    """Price ``request`` by ``card``: an itemized quote (raises ``QuoteError``)."""
    ix = index_for(card)
    return _Quoter(ix, _prepare(ix, request)).run()


def officer_rates(card: c.RateCard, request: QuoteRequest) -> list[ShiftRates]:
    """Per shift of ``request``: the rates one base-rank officer is paid across its elapsed time
    (calendar, notice and overtime applied as in ``quote``). Cancellation charges use these."""
    ix = index_for(card)
    job = _prepare(ix, request)
    quoter = _Quoter(ix, job)
    result = []
    for index, start, end, officers, elapsed in job.shifts:
        _, _, day, midnight = ix.frame(start, end)
        notice = quoter.notice(index, start)
        billed, _ = layout.billed(ix, job.job_type, elapsed)
        pieces = layout.pieces(ix, start, end, elapsed, billed, day, midnight)
        calendar = premiums.calendar_for(ix, pieces) if ix.card.calendar else None
        slices = []
        for n, piece in enumerate(pieces):
            if piece[5]:
                continue
            applied = calendar[n][0] if calendar else ()
            choice = ix.choose(
                job.job_type, job.rank, job.tier, "regular", applied, notice, piece[6]
            )
            slices.append((piece[2], piece[3], choice))
        result.append(
            ShiftRates(index, start, end, officers, ix.minimum_hours(job.job_type), tuple(slices))
        )
    return result


def local_date(card: c.RateCard, moment: datetime) -> date:
    """The agency-local date of ``moment``."""
    return moment.astimezone(index_for(card).tz).date()


def billed_hours(card: c.RateCard, job_type: str, elapsed: Decimal) -> Decimal:
    """Billed hours of one officer who worked ``elapsed`` hours of a shift, as ``quote`` bills
    them: the job type's (or the card's) minimum hours, then the billing blocks. Billing uses it
    to reconcile approved hours (PLAT-ATTEND-1)."""
    ix = index_for(card)
    job_type_found = ix.job_types.get(job_type)
    if job_type_found is None:
        raise QuoteError("job_type", f"Unknown job type {job_type!r}.")
    return layout.billed(ix, job_type_found, elapsed)[0]

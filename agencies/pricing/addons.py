"""Add-ons (PLAT-ADDON-1): extras a customer asks for by code (a cruiser, alcohol) or that apply
by themselves (a night differential), and their quote lines.

Kinds: per billed officer hour (optionally limited to a daily local time window, which may wrap
midnight, on some days of the week: the elapsed hours inside it), per officer per shift, per
shift, per job; and the kinds with a quantity the customer chooses ("2 cruisers" for 5 officers):
per unit per shift, and per unit per hour (the shift's billed hours, or its elapsed hours when the
card says so; optionally a first-hour price, then the hourly price for the rest). A bare code asks
for one unit. A quantity is a whole number from 1 to the add-on's ``max_quantity`` (the card's
choice, ``card.DEFAULT_MAX_QUANTITY`` when it sets none), PLAT-LIMIT-1; a quantity for an add-on
that takes none is refused. Each line lands in officer pay, admin fee or other charges by
``accrues_to``; its amount is rounded half-up to the cent.

Pure: no ORM, no clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from agencies.pricing import card as c
from agencies.pricing.index import CardIndex
from agencies.pricing.money import ZERO, dollars, hours_of, q
from agencies.pricing.types import QuoteError, QuoteLine, QuoteRequest

__all__ = ["Selected", "charge_line", "job_lines", "select", "shift_lines", "unit_words"]

_ONE_DAY = timedelta(days=1)
_ONE = Decimal(1)

Selected = tuple[tuple[c.AddOn, int], ...]  # (add-on, quantity), in the card's order


def _choices(items) -> str:
    return ", ".join(f"{item.code} ({item.name})" for item in items)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def unit_words(add_on: c.AddOn, quantity: int) -> str:
    """ "2 cruisers", "1 vehicle" (the add-on's unit; "unit" when it names none)."""
    return _plural(quantity, add_on.unit.strip() or "unit")


def select(ix: CardIndex, request: QuoteRequest) -> Selected:
    """The add-ons that apply to ``request`` with their quantities: the automatic ones and those
    asked for. Unknown or automatic codes and quantities out of bounds raise ``QuoteError``
    (field ``add_ons``)."""
    if not request.add_ons and not request.quantities:
        return tuple((a, 1) for a in ix.automatic_add_ons)
    asked: dict[str, int] = {}
    for code in (*request.add_ons, *(item.code for item in request.quantities)):
        add_on = ix.optional_add_ons.get(code)
        if add_on is None:
            offered = list(ix.optional_add_ons.values())
            choose = f"Choose from: {_choices(offered)}." if offered else "None are offered."
            raise QuoteError("add_ons", f"Unknown add-on {code!r}. {choose}")
        asked[code] = check_quantity(add_on, request.quantity(code))
    return tuple(
        (a, asked.get(a.code, 1)) for a in ix.card.add_ons if a.automatic or a.code in asked
    )


def check_quantity(add_on: c.AddOn, quantity) -> int:
    """``quantity`` if ``add_on`` may be asked for that many times (PLAT-LIMIT-1)."""
    if type(quantity) is not int or quantity < 1:
        raise QuoteError(
            "add_ons", f"The quantity of {add_on.name} must be a whole number, at least 1."
        )
    if not add_on.takes_quantity:
        if quantity != 1:
            raise QuoteError(
                "add_ons", f"{add_on.name} is not asked for by quantity: leave the quantity out."
            )
        return 1
    if quantity > add_on.most:
        raise QuoteError(
            "add_ons",
            f"At most {unit_words(add_on, add_on.most)} of {add_on.name} on one request.",
        )
    return quantity


def _window_hours(ix: CardIndex, add_on: c.AddOn, start: datetime, end: datetime) -> Decimal:
    """Elapsed hours of [start, end) inside the add-on's daily local window (may wrap past
    midnight), on the days of the week it is limited to (the day a window starts on)."""
    tz = ix.tz
    day = start.astimezone(tz).date() - _ONE_DAY
    last = end.astimezone(tz).date()
    total = timedelta(0)
    days = frozenset(add_on.weekdays)
    while day <= last:
        if days and day.weekday() not in days:
            day += _ONE_DAY
            continue
        w0 = datetime.combine(day, add_on.window_start, tzinfo=tz).astimezone(UTC)
        end_day = day if add_on.window_end > add_on.window_start else day + _ONE_DAY
        w1 = datetime.combine(end_day, add_on.window_end, tzinfo=tz).astimezone(UTC)
        overlap = min(w1, end) - max(w0, start)
        if overlap > timedelta(0):
            total += overlap
        day += _ONE_DAY
    return hours_of(total)


def charge_line(name, detail, amount, accrues_to, kind, shift, officers, hours, rate, rules):
    """A line "<name>: <detail>"; its rate name is the whole ``name``, colons and all (an add-on
    called "Night 17:00-07:00" keeps its name)."""
    pay = amount if accrues_to == c.ACCRUES_OFFICER else ZERO
    fee = amount if accrues_to == c.ACCRUES_FEE else ZERO
    other = amount if accrues_to not in (c.ACCRUES_OFFICER, c.ACCRUES_FEE) else ZERO
    return QuoteLine(
        description=f"{name}: {detail}",
        rate_name=name,
        hours=hours,
        officers=officers,
        officer_pay_rate=rate if pay else ZERO,
        admin_fee_rate=rate if fee else ZERO,
        officer_pay=pay,
        admin_fee=fee,
        other=other,
        amount=amount,
        rules=tuple(rules),
        shift=shift,
        kind=kind,
    )


def _unit_hours(add_on: c.AddOn, quantity: int, hours: Decimal) -> tuple[Decimal, str]:
    """The amount and the words of ``quantity`` units for ``hours`` each."""
    units = unit_words(add_on, quantity)
    first = add_on.first_hour_amount
    if first is None or hours <= 0:
        detail = f"{units} x {hours} h x {dollars(add_on.amount)}"
        return q(quantity * hours * add_on.amount), detail
    rest = hours - _ONE if hours > _ONE else ZERO
    amount = q(quantity * (first + rest * add_on.amount))
    detail = f"{units} x (first hour {dollars(first)}"
    if rest:
        detail += f" + {rest} h x {dollars(add_on.amount)}"
    return amount, detail + ")"


def shift_lines(
    ix: CardIndex,
    selected: Selected,
    index: int,
    start: datetime,
    end: datetime,
    persons: int,
    officer_hours: Decimal,
    billed: Decimal,
    elapsed: Decimal,
) -> list[QuoteLine]:
    """The add-on lines of one shift (``persons`` on it, ``officer_hours`` billed in all,
    ``billed`` and ``elapsed`` hours per officer)."""
    lines = []
    for add_on, quantity in selected:
        kind = add_on.kind
        if kind == c.ADDON_PER_JOB:
            continue
        hours = ZERO
        rate = add_on.amount
        if kind == c.ADDON_PER_OFFICER_HOUR:
            if add_on.window_start is not None and add_on.window_end is not None:
                hours = _window_hours(ix, add_on, start, end) * persons
            else:
                hours = officer_hours
            amount = q(hours * add_on.amount)
            detail = f"{hours} officer-hours x {dollars(add_on.amount)}"
        elif kind == c.ADDON_PER_OFFICER_SHIFT:
            amount = q(add_on.amount * persons)
            detail = f"{_plural(persons, 'officer')} x {dollars(add_on.amount)}"
        elif kind == c.ADDON_PER_UNIT_HOUR:
            each = q(elapsed if add_on.unit_hours == c.UNIT_HOURS_ELAPSED else billed)
            hours = each * quantity
            amount, detail = _unit_hours(add_on, quantity, each)
        elif kind == c.ADDON_PER_UNIT_SHIFT:
            amount = q(add_on.amount * quantity)
            detail = f"{unit_words(add_on, quantity)} x {dollars(add_on.amount)} for the shift"
        else:
            amount = q(add_on.amount)
            detail = f"{dollars(add_on.amount)} for the shift"
        if add_on.automatic and not amount:
            continue
        lines.append(
            charge_line(
                add_on.name,
                detail,
                amount,
                add_on.accrues_to,
                "add_on",
                index,
                persons,
                hours,
                rate,
                add_on.rules,
            )
        )
    return lines


def job_lines(selected: Selected) -> list[QuoteLine]:
    """The per-job add-on lines."""
    lines = []
    for add_on, _ in selected:
        if add_on.kind == c.ADDON_PER_JOB:
            amount = q(add_on.amount)
            lines.append(
                charge_line(
                    add_on.name,
                    f"{dollars(amount)} per job",
                    amount,
                    add_on.accrues_to,
                    "add_on",
                    None,
                    0,
                    ZERO,
                    amount,
                    add_on.rules,
                )
            )
    return lines

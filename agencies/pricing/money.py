"""Money and hours as exact decimals (PLAT-MONEY-1): two places, rounded half-up, never float."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from agencies.pricing import card as c

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
_US_PER_HOUR = Decimal(3_600_000_000)
_ONE_US = timedelta(microseconds=1)

ROUNDING = {c.ROUND_HALF_UP: ROUND_HALF_UP, c.ROUND_UP: ROUND_UP, c.ROUND_DOWN: ROUND_DOWN}


def q(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to the cent (half-up unless told otherwise)."""
    return value.quantize(CENT, rounding)


def hours_of(delta: timedelta) -> Decimal:
    """Elapsed hours of a time span, to 2 places, half-up from the exact microseconds."""
    return (Decimal(delta // _ONE_US) / _US_PER_HOUR).quantize(CENT, ROUND_HALF_UP)


def span_of(hours: Decimal) -> timedelta:
    """The time span of ``hours`` (exact to the microsecond)."""
    return timedelta(microseconds=int(hours * _US_PER_HOUR))


def hourly_fee(fee: c.FeeRule, officer_pay: Decimal) -> Decimal:
    """The admin fee per officer hour on top of ``officer_pay`` (NOPD-RATE-1, ODM-RATE-1).

    FEE_PER_HOUR: the flat amount. FEE_PERCENT: ``officer_pay x percent / 100`` rounded to the cent
    by the rule's rounding (half-up by default; ``ROUND_NONE`` keeps it exact, "10 % of the
    total", and each line rounds its amount), at most ``cap``. FEE_PER_JOB: nothing per hour (the
    fee is charged per job and per officer on separate lines)."""
    if fee.kind == c.FEE_PER_HOUR:
        return q(fee.amount)
    if fee.kind == c.FEE_PERCENT:
        amount = officer_pay * fee.percent / HUNDRED
        if fee.rounding != c.ROUND_NONE:  # ROUND_NONE: exact; the quote's lines round their sums
            amount = q(amount, ROUNDING.get(fee.rounding, ROUND_HALF_UP))
        if fee.cap is not None and amount > fee.cap:
            amount = q(fee.cap)
        return amount
    return ZERO


def money_text(amount: Decimal) -> str:
    """ "434.64" (the JSON form): ``format(amount, ".2f")``. The engine's amounts already have
    two places, and then ``str`` gives the same text several times faster: a "." third from the
    end means plain notation with exactly two places (exponent notation ends "E+5", "E-07")."""
    text = str(amount)
    return text if text[-3:-2] == "." else format(amount, ".2f")


def dollars(amount: Decimal) -> str:
    """ "$1,434.64" (for sentences)."""
    return f"${amount:,.2f}"

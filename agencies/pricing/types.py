"""What the engine takes and gives: a quote request, an itemized quote, a cancellation charge.

Requests are frozen (they are compared and kept in snapshots). Results are plain slotted
dataclasses: the engine builds several per quote, and a frozen dataclass costs about five times
as much to construct. Nothing mutates a result after the engine returns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


class QuoteError(ValueError):
    """Bad input, in the user's terms. ``field`` names the request field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ShiftRequest:
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    officers: int


@dataclass(frozen=True)
class AddOnQuantity:
    """How many of an add-on that takes a quantity ("2 cruisers")."""

    code: str
    quantity: int


@dataclass(frozen=True)
class QuoteRequest:
    requested_at: datetime  # aware; the caller's "now"
    shifts: tuple[ShiftRequest, ...]
    rank: str | None = None  # None: the card's base rank
    tier: str | None = None  # None: the card's default tier (where it has tiers)
    job_type: str = "hourly"
    add_ons: tuple[str, ...] = ()  # codes of optional add-ons asked for ("vehicle", "alcohol")
    # quantities of the add-ons above that take one; an add-on not listed here counts 1
    quantities: tuple[AddOnQuantity, ...] = ()

    def quantity(self, code: str) -> int:
        for item in self.quantities:
            if item.code == code:
                return item.quantity
        return 1


@dataclass(slots=True)
class QuoteLine:
    description: str  # plain words: "2 officers x 4.00 h, Tue Mar 10 6:00-10:00 PM, Tier 3"
    rate_name: str  # "Tier 3", "Holiday", "Emergency", "Overtime (1.5x)"
    hours: Decimal  # billed officer-hours on this line (hours per officer x officers)
    officers: int
    officer_pay_rate: Decimal  # per hour
    admin_fee_rate: Decimal  # per hour
    officer_pay: Decimal  # amount
    admin_fee: Decimal  # amount
    other: Decimal  # amount of other charges (vehicles)
    amount: Decimal  # officer_pay + admin_fee + other
    rules: tuple[str, ...]
    shift: int | None = None  # index of the shift in the request
    kind: str = "officer"  # officer, supervisor, minimum, overtime, add_on, fee
    hours_per_officer: Decimal = Decimal("0.00")
    rank: str | None = None
    tier: str | None = None
    category: str | None = None


@dataclass(slots=True)
class ShiftSummary:
    index: int
    starts_at: datetime
    ends_at: datetime
    officers: int  # as requested
    supervisors: int  # supervisor positions added or designated by the supervision table
    supervisor_rank: str | None
    elapsed_hours: Decimal  # per officer, elapsed (PLAT-TIME-1)
    billed_hours: Decimal  # per officer, after minimums and blocks
    officer_pay_rate: Decimal  # the pay an officer earns per hour on this shift (job board)
    tier: str | None = None  # the tier that pay is at (a holiday's minimum tier included)


@dataclass(slots=True)
class Quote:
    currency: str
    total: Decimal
    officer_pay: Decimal
    admin_fee: Decimal
    other_charges: Decimal
    billed_officer_hours: Decimal
    supervisors_required: int
    lines: tuple[QuoteLine, ...]
    warnings: tuple[str, ...] = ()
    requires_approval: bool = False
    rules: tuple[str, ...] = ()  # every rule ID that shaped the quote
    shifts: tuple[ShiftSummary, ...] = ()
    responsible: str = ""  # who is in charge on site, in words (NOPD-SUP-1)
    card_version: int = 0


@dataclass(frozen=True)
class CancellationRequest:
    """A customer (or the agency) cancelling or reducing a booked job at ``cancelled_at``.

    ``original`` is the request the job was priced at; ``remaining`` what is left after the change
    (no shifts: a full cancellation). ``hours_worked`` is per officer-shift already worked, keyed
    by shift index, summed over officers."""

    cancelled_at: datetime
    original: QuoteRequest
    remaining: QuoteRequest | None = None
    approved: bool = True
    by_agency: bool = False  # police necessity or extraordinary circumstances
    unpaid: bool = False  # cancelled by the agency at the prepayment deadline (NOPD-PAY-1)
    hours_worked: dict[int, Decimal] = field(default_factory=dict)


@dataclass(slots=True)
class ChargeLine:
    description: str
    officer_pay: Decimal
    admin_fee: Decimal
    other: Decimal
    amount: Decimal
    rules: tuple[str, ...]


@dataclass(slots=True)
class CancellationCharge:
    currency: str
    total: Decimal
    officer_pay: Decimal
    admin_fee: Decimal
    other: Decimal
    lines: tuple[ChargeLine, ...]
    policy: str  # the rule applied, in words
    rules: tuple[str, ...] = ()

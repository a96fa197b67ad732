"""The typed values billing's services take (frozen dataclasses, built at the edge or by
another service; the services never parse strings or dicts from a request)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Parts:
    """An amount in its parts: officer pay, the admin fee and other charges (NOPD-FEE-1)."""

    officer_pay: Decimal = ZERO
    admin_fee: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.officer_pay + self.admin_fee + self.other

    def __add__(self, other: Parts) -> Parts:
        return Parts(
            self.officer_pay + other.officer_pay,
            self.admin_fee + other.admin_fee,
            self.other + other.other,
        )

    def __sub__(self, other: Parts) -> Parts:
        return Parts(
            self.officer_pay - other.officer_pay,
            self.admin_fee - other.admin_fee,
            self.other - other.other,
        )

    @classmethod
    def of(cls, data: dict, other_key: str = "other") -> Parts:
        """From a quote or charge as stored (money as decimal strings)."""
        return cls(
            Decimal(data.get("officer_pay") or "0"),
            Decimal(data.get("admin_fee") or "0"),
            Decimal(data.get(other_key) or "0"),
        )


@dataclass(frozen=True)
class CreditLine:
    """One line of a credit note: what is credited, in its parts."""

    description: str
    parts: Parts
    rules: tuple[str, ...] = ()

"""Document numbers: per agency and year, consecutive, without gaps (PLAT-INVOICE-1).

"NOPD-2027-000123": the agency's slug in capitals, the year of issue in the agency's time zone,
and the sequence. Invoices and credit notes share one sequence per agency and year.

``next_number`` takes the next sequence from the agency-year counter row, locked
(``SELECT ... FOR UPDATE``) until the issuing transaction commits: two documents issued at once
wait for each other and get consecutive numbers, and a transaction that rolls back gives its
number back (nothing was committed), so there are no gaps. The unique constraint
(agency, year, sequence) on ``Invoice`` is the database's own guarantee behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from billing.models import InvoiceCounter


@dataclass(frozen=True)
class Number:
    year: int
    sequence: int
    text: str


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def prefix_of(agency) -> str:
    return agency.slug.upper()


def next_number(agency, at: datetime) -> Number:
    """The next number of ``agency`` for a document issued at ``at``. Call it inside the
    transaction that writes the document: the counter stays locked until it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that issues the document.")
    year = at.astimezone(ZoneInfo(agency.time_zone)).year
    # The row for a new year is created once; a concurrent creator's row is kept (no conflict).
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(agency=agency, year=year, last=0)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return Number(year, counter.last, format_number(prefix_of(agency), year, counter.last))

"""What every jobs service shares: the errors it raises and locking a job (who may act is
``detailhire.policy``'s question: actions in ``jobs.rules``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from agencies.formatting import money
from agencies.pricing.types import QuoteError
from detailhire.errors import ConflictError, DomainError
from detailhire.policy import NotAllowed as NotAllowed  # re-exported: jobs.services.NotAllowed
from jobs.models import Job


class BookingError(DomainError):
    """A job request or change that cannot be accepted as given (a 400, naming the field)."""


class TransitionError(ConflictError):
    """The job is not in a state that allows this (a 409)."""


class ChargeChanged(ConflictError):
    """The charge (or new price) is not the one the user saw and confirmed (a 409)."""

    def __init__(self, amount: Decimal, currency: str = "USD", *, field: str = "expected_total"):
        what = "new price" if field == "expected_new_total" else "charge"
        super().__init__(
            f"The {what} is now {money(amount, currency)} (it changed since the page was "
            "opened): check it and confirm again.",
            field=field,
        )
        self.amount = amount


def check_expected(
    amount: Decimal, expected: Decimal | None, currency: str, *, field: str = "expected_total"
) -> None:
    """Raise ``ChargeChanged`` when the user saw ``expected`` and the figure is now ``amount``."""
    if expected is not None and Decimal(expected) != amount:
        raise ChargeChanged(amount, currency, field=field)


def from_quote_error(error: QuoteError, prefix: str = "") -> BookingError:
    """The engine's QuoteError as a BookingError naming the same field."""
    message = error.message.strip()
    if message and message[0].islower():
        message = message[0].upper() + message[1:]
    if message and message[-1] not in ".!?":
        message += "."
    return BookingError(message, field=f"{prefix}{error.field}")


def now_or(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


# --- locking -------------------------------------------------------------------------------------


def lock_job(job: Job | int) -> Job:
    """The job's row, locked for the rest of the transaction, read fresh (lock, re-check, write).
    Services act across tenants on purpose (the caller found the job in its own scope, and the
    service checks the actor's role), so the lock reads through the unscoped base manager."""
    pk = job.pk if isinstance(job, Job) else job
    return Job._base_manager.select_for_update().get(pk=pk)


def sync(target: Job, source: Job) -> Job:
    """Copy the fresh field values of ``source`` onto the caller's ``target`` object."""
    if target is not source:
        for field in Job._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return target

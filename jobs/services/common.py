"""What every jobs service shares: the errors it raises, who may act, and locking a job."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.roles import roles_of
from agencies.formatting import money
from agencies.pricing.types import QuoteError
from detailhire.errors import ConflictError, DomainError
from detailhire.policy import NotAllowed
from jobs.models import Job


class BookingError(DomainError):
    """A job request or change that cannot be accepted as given (a 400, naming the field)."""


class TransitionError(ConflictError):
    """The job is not in a state that allows this (a 409)."""


class ChargeChanged(ConflictError):
    """The charge (or new price) is not the one the user saw and confirmed (a 409)."""

    def __init__(self, amount: Decimal, currency: str = "USD", *, field: str = "expected_total"):
        super().__init__(
            f"The charge is now {money(amount, currency)} (it changed since the page was "
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


# --- who may act ---------------------------------------------------------------------------------


def is_staff_of(actor, agency_id: int) -> bool:
    """An admin or coordinator of that agency."""
    return agency_id in roles_of(actor).staff_agency_ids


def is_member_of(actor, organization_id: int) -> bool:
    """A customer of that organization."""
    return organization_id in roles_of(actor).organization_ids


def require_staff(actor, agency_id: int, what: str) -> None:
    if not is_staff_of(actor, agency_id):
        raise NotAllowed(f"Only the agency's coordinators and admins may {what}.")


def require_customer_or_staff(actor, job: Job, what: str) -> None:
    if not (is_staff_of(actor, job.agency_id) or is_member_of(actor, job.organization_id)):
        raise NotAllowed(f"Only the customer who booked this job or the agency may {what}.")


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

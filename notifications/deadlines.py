"""Moving a prepayment deadline (NOPD-PAY-1): a coordinator of the agency gives the customer more
time to pay. The invoice stays as issued (PLAT-INVOICE-1: its printed due date does not move); a
``DeadlineExtension`` row records the move and the invoice's ``deadline_at`` (the indexed column
the sweeps select on, not printed) takes the new deadline (the reminder is sent again for it; the
unpaid cancellation waits for it). Audited on the job's timeline.

- ``payment_deadline(invoice) -> datetime``
- ``extend_payment_deadline(invoice, *, actor, until, reason, now=None) -> DeadlineExtension``
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from agencies.formatting import moment
from audit.log import record
from billing.models import Invoice
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from notifications.models import DeadlineExtension

__all__ = ["extend_payment_deadline", "payment_deadline"]

REASON_LIMIT = 500


def payment_deadline(invoice: Invoice) -> datetime | None:
    """The deadline the sweeps act on: ``Invoice.deadline_at`` (the due date, or the moved one)."""
    return invoice.deadline_at or invoice.due_at


def extend_payment_deadline(
    invoice: Invoice, *, actor, until: datetime, reason: str, now: datetime | None = None
) -> DeadlineExtension:
    now = now or timezone.now()
    policy.require(actor, "invoice.extend_deadline", invoice)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise DomainError(
            f"Say why the deadline moves (at most {REASON_LIMIT} characters).", field="reason"
        )
    with transaction.atomic():
        locked = (
            Invoice._base_manager.select_for_update(of=("self",))
            .select_related("job__agency")
            .get(pk=invoice.pk)
        )
        if locked.status != Invoice.Status.ISSUED or locked.kind != Invoice.Kind.INVOICE:
            raise ConflictError("Only an unpaid invoice has a deadline to move.")
        current = payment_deadline(locked) or now
        if locked.job is None or until <= now or until <= current:
            raise DomainError("The new deadline must be later than the current one.", field="until")
        if until >= locked.job.starts_at:
            raise DomainError("The new deadline must be before the job starts.", field="until")
        extension, _ = DeadlineExtension.objects.update_or_create(
            invoice=locked,
            defaults={"until": until, "reason": reason, "extended_by": actor, "extended_at": now},
        )
        locked.deadline_at = until  # the indexed column the sweeps select on
        locked.save(update_fields=["deadline_at"])
        record(
            locked,
            actor=actor,
            event="invoice.deadline_extended",
            agency=locked.job.agency,
            job=locked.job,
            data={
                "due_at_before": current,
                "due_at": until,
                "due_at_text": moment(until, locked.job.agency.time_zone),
                "reason": reason,
            },
            at=now,
        )
    return extension

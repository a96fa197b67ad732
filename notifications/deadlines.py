"""Moving a prepayment deadline (NOPD-PAY-1): a coordinator of the agency gives the customer more
time to pay. The invoice stays as issued (PLAT-INVOICE-1); a ``DeadlineExtension`` row holds the
new deadline, which the deadline sweeps read (the reminder is sent again for the new deadline;
the unpaid cancellation waits for it). Audited on the job's timeline.

- ``payment_deadline(invoice) -> datetime``
- ``extend_payment_deadline(invoice, *, actor, until, reason, now=None) -> DeadlineExtension``
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.formatting import moment
from audit.log import record
from billing.models import Invoice
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from notifications.models import DeadlineExtension

__all__ = ["extend_payment_deadline", "payment_deadline", "with_deadline"]

REASON_LIMIT = 500


def with_deadline(invoices):
    """``invoices`` annotated with ``deadline``: the moved deadline, or the invoice's due date."""
    return invoices.annotate(deadline=Coalesce("deadline_extension__until", F("due_at")))


def payment_deadline(invoice: Invoice) -> datetime | None:
    extension = DeadlineExtension.objects.filter(invoice_id=invoice.pk).first()
    return extension.until if extension is not None else invoice.due_at


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

"""Moving a prepayment deadline (NOPD-PAY-1): a coordinator of the agency gives the customer more
time to pay. The invoice's ``due_at`` moves (the deadline sweeps read it: the reminder is sent
again for the new deadline, the unpaid cancellation waits for it) and the change is audited.

- ``extend_payment_deadline(invoice, *, actor, until, reason, now=None) -> Invoice``
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

__all__ = ["extend_payment_deadline"]


def extend_payment_deadline(
    invoice: Invoice, *, actor, until: datetime, reason: str, now: datetime | None = None
) -> Invoice:
    now = now or timezone.now()
    policy.require(actor, "invoice.extend_deadline", invoice)
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise DomainError("Say why the deadline moves (at most 500 characters).", field="reason")
    with transaction.atomic():
        locked = (
            Invoice._base_manager.select_for_update(of=("self",))
            .select_related("job")
            .get(pk=invoice.pk)
        )
        if locked.status != Invoice.Status.ISSUED or locked.kind != Invoice.Kind.INVOICE:
            raise ConflictError("Only an unpaid invoice has a deadline to move.")
        if locked.job is None or until <= now or until <= (locked.due_at or now):
            raise DomainError("The new deadline must be later than the current one.", field="until")
        if until >= locked.job.starts_at:
            raise DomainError("The new deadline must be before the job starts.", field="until")
        before = locked.due_at
        locked.due_at = until
        locked.save(update_fields=["due_at"])
        record(
            locked,
            actor=actor,
            event="invoice.deadline_extended",
            agency=locked.job.agency,
            job=locked.job,
            data={
                "due_at_before": before,
                "due_at": until,
                "due_at_text": moment(until, locked.time_zone),
                "reason": reason,
            },
            at=now,
        )
    invoice.due_at = locked.due_at
    return locked

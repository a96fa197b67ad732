"""Late fees on overdue invoices of net terms (docs/billing.md).

A card with net terms may set ``payment.late_fee_percent`` (NOPD has none: prepayment). Once the
job's invoice is past its due date with something still owed, the ``late-fees`` sweep issues ONE
late-fee invoice per job: that percent of the balance due at that moment, due on receipt, as an
"other charge" (it is neither officer pay nor the admin fee, NOPD-FEE-1). A unique constraint
(job, purpose) stands behind the lock and re-check, so a sweep run twice or concurrently charges
it once. Later payments, credits or refunds never change a late fee already issued (a mistaken
one is corrected by a credit note, like any invoice).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from billing.inputs import ZERO, Parts
from billing.models import Invoice
from billing.services.invoicing import CENT, NET, PaymentTerms, _issue_due_on_receipt, _line
from detailhire import policy

__all__ = ["charge_late_fee", "overdue_with_late_fee"]


def overdue_with_late_fee(now: datetime):
    """Job invoices past due on jobs whose card charges a late fee, not yet charged one (the
    balance is checked per invoice under its lock)."""
    charged = Invoice._base_manager.filter(purpose=Invoice.Purpose.LATE_FEE).values("job_id")
    return (
        Invoice._base_manager.filter(
            kind=Invoice.Kind.INVOICE,
            purpose=Invoice.Purpose.JOB,
            status=Invoice.Status.ISSUED,
            deadline_at__lt=now,  # the due date (net terms are never moved): an indexed column
            job__card__data__payment__kind=NET,
            job__card__data__payment__late_fee_percent__isnull=False,
        )
        .exclude(job__card__data__payment__late_fee_percent=None)
        .exclude(job_id__in=charged)
        .order_by("deadline_at", "pk")
    )


def charge_late_fee(invoice: Invoice, *, actor, at: datetime | None = None) -> Invoice | None:
    """Issue the late-fee invoice for the overdue ``invoice`` once; None when no fee is due (not
    overdue, nothing owed, no late fee on the card, or charged already)."""
    policy.require(actor, "invoice.issue", invoice)
    at = at or timezone.now()
    with transaction.atomic():
        invoice = (
            Invoice._base_manager.select_for_update(of=("self",))
            .select_related("job__agency", "job__organization")
            .get(pk=invoice.pk)
        )
        job = invoice.job
        if job is None or invoice.purpose != Invoice.Purpose.JOB or invoice.due_at is None:
            return None
        terms = PaymentTerms.of(job.card_snapshot)
        if terms.kind != NET or not terms.late_fee_percent or invoice.due_at >= at:
            return None
        if Invoice._base_manager.filter(job=job, purpose=Invoice.Purpose.LATE_FEE).exists():
            return None
        owed = invoice.balance_due
        if owed <= ZERO or invoice.status != Invoice.Status.ISSUED:
            return None
        fee = (owed * terms.late_fee_percent / Decimal(100)).quantize(CENT, ROUND_HALF_UP)
        if fee <= ZERO:
            return None
        percent = f"{terms.late_fee_percent.normalize():f}"
        late = _issue_due_on_receipt(
            job,
            actor=actor,
            purpose=Invoice.Purpose.LATE_FEE,
            at=at,
            parts=Parts(ZERO, ZERO, fee),
            lines=[
                _line(
                    f"Late fee: {percent}% of {owed} still owed on invoice {invoice.number}, "
                    "past its due date",
                    Parts(ZERO, ZERO, fee),
                )
            ],
            terms="Payment is due on receipt.",
            reason=f"Invoice {invoice.number} is overdue",
            rules=["PLAT-INVOICE-1"],
        )
    return late

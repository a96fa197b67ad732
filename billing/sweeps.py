"""Billing's deadline sweeps (registered with ``jobs.sweeps``; run by ``manage.py sweep`` and
Celery beat).

- ``police-necessity-refunds`` (NOPD-CANCEL-1): a job the agency cancelled for police necessity
  has everything paid on its invoices refunded. The cancellation credits the invoice in its own
  transaction (``billing.services.job_billing``) but calls no payment provider; this sweep finds
  each succeeded payment on such a job that no police-necessity refund covers yet (including one
  Stripe confirmed after the cancellation) and refunds it through ``refund_all_for_job``, which
  locks, re-checks and refunds only what is left, so running it twice or concurrently refunds
  nothing more. A refund Stripe refuses is listed for staff and not retried here.
- ``bill-job-changes`` (PLAT-INVOICE-1, NOPD-CANCEL-1): a cancellation or reduction is billed
  when it happens; this catches up with one left unbilled (made before that wiring): a confirmed
  change of an invoiced job not billed yet gets its credit note (or adjustment invoice) through
  ``credit_for_change``, which marks the change billed under a lock: a change is billed once
  however often the sweep (or the cancellation's own call) runs.
- ``late-fees``: a job invoice of net terms past its due date with something owed gets the
  card's late fee once (``billing.services.late_fees``).
"""

from __future__ import annotations

from billing.models import Invoice, Payment
from billing.services.credits import credit_for_change
from billing.services.late_fees import charge_late_fee, overdue_with_late_fee
from billing.services.payments import refund_all_for_job
from jobs.models import Job, JobChange
from jobs.sweeps import register

POLICE_NECESSITY_REASON = "The agency cancelled the job for police necessity (no charge)."


@register("police-necessity-refunds", "paid jobs cancelled for police necessity refunded")
def refund_police_necessity_cancellations(now) -> list[str]:
    job_ids = (
        Payment._base_manager.filter(
            state=Payment.State.SUCCEEDED,
            invoice__job__changes__police_necessity=True,
            invoice__job__changes__refund_due=True,
        )
        .exclude(refunds__police_necessity=True)
        .values_list("invoice__job_id", flat=True)
        .distinct()
    )
    actions = []
    for job in Job._base_manager.filter(pk__in=list(job_ids)).order_by("pk"):
        refunds = refund_all_for_job(job, actor=None, reason=POLICE_NECESSITY_REASON)
        if refunds:
            total = sum(refund.amount for refund in refunds)
            actions.append(f"job {job.pk}: {len(refunds)} refund(s), {total}")
    return actions


@register("bill-job-changes", "cancellations and reductions of invoiced jobs credited")
def bill_job_changes(now) -> list[str]:
    invoiced = Invoice._base_manager.filter(purpose=Invoice.Purpose.JOB).values("job_id")
    changes = JobChange._base_manager.filter(billed_at__isnull=True, job_id__in=invoiced)
    actions = []
    for change in changes.order_by("at", "pk"):
        document = credit_for_change(change, actor=None, at=now)
        if document is not None:
            actions.append(f"job {change.job_id}: {document.get_kind_display()} {document.number}")
    return actions


@register("late-fees", "overdue invoices of net terms charged the card's late fee, once")
def charge_late_fees(now) -> list[str]:
    actions = []
    for invoice in overdue_with_late_fee(now):
        late = charge_late_fee(invoice, actor=None, at=now)
        if late is not None:
            actions.append(f"invoice {invoice.number}: late fee {late.number}, {late.total}")
    return actions

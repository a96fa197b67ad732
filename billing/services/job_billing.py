"""What the job's lifecycle bills, and when (PLAT-INVOICE-1, NOPD-PAY-1; docs/billing.md).

The jobs services call these inside the transaction that moves the job, so a job is approved,
completed or cancelled together with its documents, or not at all. Each is idempotent (the
services they call lock and re-check), and the documents are issued by the system (``actor``
None): the job's own audit row says who approved, cancelled or completed it.

- ``bill_approval(job, *, at)``: a prepay card (NOPD-PAY-1) invoices the job at approval.
- ``bill_completion(job, *, at)``: a net card invoices the job at completion; positions never
  filled are credited (both terms).
- ``bill_change(change, *, at)``: a confirmed cancellation or reduction is billed at once (its
  charge invoiced, or the difference credited); the ``bill-job-changes`` sweep only catches up.
"""

from __future__ import annotations

from datetime import datetime

from billing.models import Invoice
from billing.services.credits import credit_for_change, credit_unfilled_positions
from billing.services.invoicing import NET, PaymentTerms, issue_invoice_for_job
from jobs.models import Job, JobChange

__all__ = ["bill_approval", "bill_change", "bill_completion"]


def bill_approval(job: Job, *, at: datetime) -> Invoice | None:
    """NOPD-PAY-1: a prepay job is invoiced when the agency approves it (due 48 hours before
    its first shift). A net job waits for its completion."""
    if PaymentTerms.of(job.card_snapshot).kind == NET:
        return None
    return issue_invoice_for_job(job, actor=None, at=at)


def bill_completion(job: Job, *, at: datetime) -> Invoice | None:
    """A completed job: a net job is invoiced now (due ``net_days`` after it ended); a prepay
    job invoiced at approval keeps its invoice (one approved before this wiring is invoiced
    now). Positions never filled are then credited. Returns the job's invoice."""
    invoice = issue_invoice_for_job(job, actor=None, at=at)
    credit_unfilled_positions(job, actor=None, at=at)
    return invoice


def bill_change(change: JobChange, *, at: datetime) -> Invoice | None:
    """A cancellation or reduction billed when it happens: the credit note for what is no
    longer billed, or the adjustment invoice for a charge (a cancellation charge on a job not
    invoiced yet, a net job for instance)."""
    return credit_for_change(change, actor=None, at=at)

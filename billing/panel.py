"""The job page's "Invoices and balance" panel: billing's public reading of one job's documents
(the jobs app shows it; billing decides what is in it and who may see it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from billing.models import Invoice
from detailhire import policy

__all__ = ["JobBilling", "job_billing"]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class JobBilling:
    """What the panel shows: the job's invoices and credit notes (oldest first, each with its
    ``balance_due``), the balance left on the invoices, and whether the reader may pay."""

    documents: list[Invoice]
    balance_due: Decimal
    may_pay: bool

    @property
    def payable(self) -> list[Invoice]:
        return [d for d in self.documents if not d.is_credit_note and d.balance_due > ZERO]


def job_billing(job, user) -> JobBilling | None:
    """The job's documents (through the scoped manager: call it inside the page's scope) as
    ``user`` may see them (``invoice.view``: the organization billed
    and the agency's staff; an officer sees none): None when the panel shows no documents."""
    documents = list(
        Invoice.objects.with_balance()
        .select_related("refers_to")
        .filter(job_id=job.pk, agency_id=job.agency_id)
        .order_by("issued_at", "pk")
    )
    if not documents or not policy.allows(user, "invoice.view", documents[0]):
        return None
    invoices = [d for d in documents if not d.is_credit_note]
    balance = sum((d.balance_due for d in invoices), ZERO)
    may_pay = balance > ZERO and policy.allows(user, "payment.start", invoices[0])
    return JobBilling(documents=documents, balance_due=balance, may_pay=may_pay)

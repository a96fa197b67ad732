"""Billing's tables: invoices and credit notes (``invoices``), payments and refunds
(``payments``), officer pay disbursed (``payroll``)."""

from billing.models.invoices import Invoice, InvoiceCounter, InvoiceLine
from billing.models.payments import Payment, Refund, StripeEvent
from billing.models.payroll import PayrollDisbursement

__all__ = [
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "Payment",
    "PayrollDisbursement",
    "Refund",
    "StripeEvent",
]

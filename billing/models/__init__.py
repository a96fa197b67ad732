"""Billing's tables: invoices and credit notes (``invoices``), payments and refunds
(``payments``)."""

from billing.models.invoices import Invoice, InvoiceCounter, InvoiceLine
from billing.models.payments import Payment, Refund, StripeEvent

__all__ = [
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "Payment",
    "Refund",
    "StripeEvent",
]

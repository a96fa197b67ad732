"""Billing's tables: invoices and credit notes (``invoices``), payments and refunds
(``payments``)."""

from billing.models.invoices import Invoice, InvoiceCounter, InvoiceLine

# Payments and refunds: billing/models/payments.py (re-exported here).

__all__ = ["Invoice", "InvoiceCounter", "InvoiceLine"]

"""The document emails: an invoice or credit note issued, with its PDF attached. Bodies are
templates (HTML and plain text) under templates/billing/email/, sent through ``detailhire.mail``
after the issuing transaction commits, once the PDF is stored, to the organization's billing
email or else its members (``payment_emails.recipients_of``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from billing.models import Invoice
from billing.pdf import pdf_bytes
from billing.services.payment_emails import send

__all__ = ["document_issued"]


def document_issued(invoice_id: int) -> None:
    """Send the issued document to the organization billed (call after commit)."""
    invoice = Invoice._base_manager.select_related("refers_to").get(pk=invoice_id)
    name = "credit_note_issued" if invoice.is_credit_note else "invoice_issued"
    context = {
        "invoice": invoice,
        "agency_name": invoice.seller_name,
        "agency_phone": invoice.seller_phone,
        "agency_email": invoice.seller_email,
        "balance_due": invoice.balance_due,
        "link": settings.SITE_URL + reverse("billing-invoice", args=[invoice.pk]),
        "pay_link": settings.SITE_URL + reverse("billing-pay", args=[invoice.pk]),
    }
    attachment = (f"{invoice.number}.pdf", pdf_bytes(invoice), "application/pdf")
    send(name, context, invoice.organization_id, [attachment])

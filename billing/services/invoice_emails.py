"""The document emails: an invoice or credit note issued, with its PDF attached. Bodies are
templates (HTML and plain text) under templates/billing/email/; sent after the issuing
transaction commits, once the PDF is stored, to the organization's billing email or else its
members (``payment_emails.recipients_of``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from billing.models import Invoice
from billing.pdf import pdf_bytes
from billing.services.payment_emails import recipients_of

__all__ = ["document_issued"]


def document_issued(invoice_id: int) -> None:
    """Send the issued document to the organization billed (call after commit)."""
    invoice = Invoice._base_manager.select_related("refers_to").get(pk=invoice_id)
    to = recipients_of(invoice.organization_id)
    if not to:
        return
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
    subject = render_to_string(f"billing/email/{name}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string(f"billing/email/{name}.txt", context), None, to
    )
    message.attach_alternative(render_to_string(f"billing/email/{name}.html", context), "text/html")
    message.attach(f"{invoice.number}.pdf", pdf_bytes(invoice), "application/pdf")
    message.send()

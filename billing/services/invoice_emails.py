"""The document emails: an invoice or credit note issued (a late fee too), with its PDF attached
(PLAT-NOTIFY-1). Bodies are templates (HTML and plain text) under templates/billing/email/, sent
through the notifications outbox (``payment_emails.send``): rendered in the issuing transaction,
sent after it commits by the retrying ``deliver`` task, once per document, to the organization's
billing email or else its members. Essential (a document changes what is owed). The PDF is
attached when the message is sent (``document_pdf``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from billing.models import Invoice
from billing.pdf import pdf_bytes
from billing.services.payment_emails import pdf_attachment, send
from notifications.outbox import attachment_loader

__all__ = ["document_issued", "document_pdf"]


@attachment_loader
def document_pdf(invoice_id: int):
    """The document's PDF (the stored one, or rendered now); ``None`` when it cannot be rendered
    (the mail goes with the link; the PDF renders when first opened)."""
    invoice = Invoice._base_manager.get(pk=invoice_id)
    return pdf_attachment(
        f"{invoice.number}.pdf", lambda: pdf_bytes(invoice), f"The PDF of document {invoice.pk}"
    )


def document_issued(invoice_id: int) -> None:
    """Tell the organization billed that the document was issued (call in the issuing
    transaction)."""
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
    send(
        name,
        context,
        invoice.organization_id,
        key=f"invoice:{invoice.pk}:issued",
        attachments=[(document_pdf, invoice.pk)],
    )

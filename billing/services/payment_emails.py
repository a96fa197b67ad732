"""The payment emails (PLAT-NOTIFY-1): payment received (with the receipt PDF, NOPD-REC-1),
refund issued, payment failed. Bodies are templates (HTML and plain text) under
templates/billing/email/, sent through the notifications outbox (``notifications.outbox.notify``):
rendered and stored in the transaction that changed the payment, sent after it commits by the
retrying ``deliver`` task, once per payment or refund (a replayed webhook mails nobody twice), to
the organization's billing email, or else its members.

Receipts of payments and refunds are the non-essential kind ``receipts`` (a member may turn them
off; each carries an unsubscribe link); a failed payment is essential. The receipt PDF is attached
when the message is sent (``receipt_pdf``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from billing.models import Invoice, Payment, Refund
from billing.receipts import receipt_bytes
from customers.models import CustomerMembership, CustomerOrganization
from notifications.kinds import ESSENTIAL
from notifications.outbox import attachment_loader, notify

__all__ = [
    "payment_failed",
    "payment_received",
    "readers_of",
    "recipients_of",
    "refund_issued",
    "send",
]

logger = logging.getLogger(__name__)
RECEIPTS = "receipts"


def recipients_of(organization_id: int) -> list[str]:
    """The addresses the organization's billing mail goes to (``readers_of``)."""
    return [getattr(reader, "email", reader) for reader in readers_of(organization_id)]


def readers_of(organization_id: int) -> list:
    """Who gets the organization's billing mail: its billing email (as the user with that
    address when there is one, so their preferences apply), or else its members."""
    organization = CustomerOrganization._base_manager.get(pk=organization_id)
    if organization.billing_email:
        holder = get_user_model()._base_manager.filter(
            email__iexact=organization.billing_email, is_active=True
        )
        return [holder.first() or organization.billing_email]
    members = (
        CustomerMembership._base_manager.filter(organization_id=organization_id)
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in members if m.user.email]


def send(
    name: str, context: dict, organization_id: int, *, key: str, kind=ESSENTIAL, attachments=()
) -> list[int]:
    """Billing email ``name`` to the organization, through the outbox (after commit, once per
    ``key``)."""
    return notify(
        f"billing/email/{name}",
        context,
        readers_of(organization_id),
        kind=kind,
        key=key,
        attachments=attachments,
    )


def pdf_attachment(filename: str, render, what: str):
    """``(filename, render(), "application/pdf")``, or ``None`` when it cannot be rendered now
    (logged): the mail goes anyway with its link, and the PDF renders when first opened."""
    try:
        return (filename, render(), "application/pdf")
    except Exception:
        logger.exception("%s could not be rendered.", what)
        return None


@attachment_loader
def receipt_pdf(payment_id: int):
    """The receipt PDF (rendered and stored on first use); ``None`` when it cannot be rendered:
    the money moved, so the customer is told anyway."""
    payment = Payment._base_manager.get(pk=payment_id)
    return pdf_attachment(
        f"{payment.receipt_number}.pdf",
        lambda: receipt_bytes(payment),
        f"The receipt of payment {payment.pk}",
    )


def _context(payment: Payment, invoice: Invoice) -> dict:
    return {
        "payment": payment,
        "invoice": invoice,
        "agency_name": invoice.seller_name,
        "agency_phone": invoice.seller_phone,
        "agency_email": invoice.seller_email,
        "method": payment.get_method_display(),
        "balance_due": invoice.balance_due,
        "link": settings.SITE_URL + reverse("billing-pay", args=[invoice.pk]),
    }


def _payment(payment_id: int) -> tuple[Payment, Invoice]:
    payment = Payment._base_manager.select_related("invoice").get(pk=payment_id)
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)  # its balance as it is now
    return payment, invoice


def payment_received(payment_id: int) -> None:
    """The receipt, once the payment succeeded (call in the transaction that marked it)."""
    payment, invoice = _payment(payment_id)
    context = {
        **_context(payment, invoice),
        "receipt_link": settings.SITE_URL + reverse("billing-receipt", args=[payment.pk]),
    }
    send(
        "payment_received",
        context,
        payment.organization_id,
        key=f"payment:{payment.pk}:received",
        kind=RECEIPTS,
        attachments=[(receipt_pdf, payment.pk)],
    )


def payment_failed(payment_id: int) -> None:
    payment, invoice = _payment(payment_id)
    send(
        "payment_failed",
        _context(payment, invoice),
        payment.organization_id,
        key=f"payment:{payment.pk}:failed",
    )


def refund_issued(refund_id: int) -> None:
    refund = Refund._base_manager.select_related("payment").get(pk=refund_id)
    payment, invoice = _payment(refund.payment_id)
    context = {**_context(payment, invoice), "refund": refund}
    send(
        "refund_issued",
        context,
        refund.organization_id,
        key=f"refund:{refund.pk}:issued",
        kind=RECEIPTS,
    )

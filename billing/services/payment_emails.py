"""The payment emails (PLAT-NOTIFY-1): payment received (with the receipt PDF, NOPD-REC-1),
refund issued, payment failed. Bodies are templates (HTML and plain text) under
templates/billing/email/, sent through ``detailhire.mail`` after the transaction that changed the
payment commits (``transaction.on_commit``), to the organization's billing email, or else its
members."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from billing.models import Invoice, Payment, Refund
from billing.receipts import receipt_bytes
from customers.models import CustomerMembership, CustomerOrganization
from detailhire import mail

__all__ = ["payment_failed", "payment_received", "recipients_of", "refund_issued"]

logger = logging.getLogger(__name__)


def recipients_of(organization_id: int) -> list[str]:
    organization = CustomerOrganization._base_manager.get(pk=organization_id)
    if organization.billing_email:
        return [organization.billing_email]
    emails = CustomerMembership._base_manager.filter(organization_id=organization_id).values_list(
        "user__email", flat=True
    )
    return sorted({email for email in emails if email})


def send(name: str, context: dict, organization_id: int, attachments=()) -> None:
    """Send billing email ``name`` to the organization now (callers run it after commit)."""
    to = recipients_of(organization_id)
    if to:
        mail.render_message(f"billing/email/{name}", context, to, attachments).send()


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
    return payment, payment.invoice


def payment_received(payment_id: int) -> None:
    """The receipt, once the payment succeeded: its PDF is rendered and stored after commit,
    then mailed with it attached."""

    def send_receipt():
        payment, invoice = _payment(payment_id)
        try:
            attachments = [
                (f"{payment.receipt_number}.pdf", receipt_bytes(payment), "application/pdf")
            ]
        except Exception:  # the money moved: tell the customer; the PDF renders when first opened
            logger.exception("The receipt of payment %s could not be rendered.", payment.pk)
            attachments = []
        context = {
            **_context(payment, invoice),
            "receipt_link": settings.SITE_URL + reverse("billing-receipt", args=[payment.pk]),
        }
        send("payment_received", context, payment.organization_id, attachments)

    transaction.on_commit(send_receipt)


def payment_failed(payment_id: int) -> None:
    def send_failure():
        payment, invoice = _payment(payment_id)
        send("payment_failed", _context(payment, invoice), payment.organization_id)

    transaction.on_commit(send_failure)


def refund_issued(refund_id: int) -> None:
    def send_refund():
        refund = Refund._base_manager.select_related("payment__invoice").get(pk=refund_id)
        context = {**_context(refund.payment, refund.payment.invoice), "refund": refund}
        send("refund_issued", context, refund.organization_id)

    transaction.on_commit(send_refund)

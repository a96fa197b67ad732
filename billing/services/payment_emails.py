"""The payment emails (PLAT-NOTIFY-1): payment received (the receipt, NOPD-REC-1), refund issued,
payment failed. Bodies are templates (HTML and plain text) under templates/billing/email/; each
is sent after the transaction that changed the payment commits (``transaction.on_commit``), to
the organization's billing email, or else its members."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from billing.models import Invoice, Payment, Refund
from customers.models import CustomerMembership, CustomerOrganization

__all__ = ["payment_failed", "payment_received", "recipients_of", "refund_issued"]


def recipients_of(organization_id: int) -> list[str]:
    organization = CustomerOrganization._base_manager.get(pk=organization_id)
    if organization.billing_email:
        return [organization.billing_email]
    emails = CustomerMembership._base_manager.filter(organization_id=organization_id).values_list(
        "user__email", flat=True
    )
    return sorted({email for email in emails if email})


def _send(name: str, context: dict, organization_id: int) -> None:
    to = recipients_of(organization_id)
    if not to:
        return
    subject = render_to_string(f"billing/email/{name}_subject.txt", context).strip()
    text = render_to_string(f"billing/email/{name}.txt", context)
    html = render_to_string(f"billing/email/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, None, to)
    message.attach_alternative(html, "text/html")
    message.send()


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


def _after_commit(send) -> None:
    transaction.on_commit(send)


def payment_received(payment_id: int) -> None:
    """The receipt, once the payment succeeded."""

    def send():
        payment = Payment._base_manager.get(pk=payment_id)
        invoice = Invoice._base_manager.get(pk=payment.invoice_id)
        _send("payment_received", _context(payment, invoice), payment.organization_id)

    _after_commit(send)


def payment_failed(payment_id: int) -> None:
    def send():
        payment = Payment._base_manager.get(pk=payment_id)
        invoice = Invoice._base_manager.get(pk=payment.invoice_id)
        _send("payment_failed", _context(payment, invoice), payment.organization_id)

    _after_commit(send)


def refund_issued(refund_id: int) -> None:
    def send():
        refund = Refund._base_manager.select_related("payment").get(pk=refund_id)
        invoice = Invoice._base_manager.get(pk=refund.payment.invoice_id)
        context = {**_context(refund.payment, invoice), "refund": refund}
        _send("refund_issued", context, refund.organization_id)

    _after_commit(send)

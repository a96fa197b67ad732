"""Receipts (NOPD-REC-1): one PDF for each payment that succeeded, rendered once after the
payment succeeds (``store_receipt``), stored under ``MEDIA_ROOT/receipts/``, attached to the
"payment received" email and served from storage to those who may see the invoice.

A receipt prints what the invoice copied when it was issued (letterhead, bill-to, service), the
payment (number, date, method, reference, amount), the part of it that is officer pay and the
part that is the admin fee (NOPD-FEE-1, in the invoice's proportions), and the balance left on
the invoice once this payment (and everything before it) is counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.template.loader import render_to_string

from agencies.logo import logo_data_uri
from billing.models import Invoice, Payment, Refund
from billing.pdf import html_to_pdf, store_once, stored_bytes

__all__ = ["Split", "receipt_bytes", "render_receipt", "split_amount", "store_receipt"]

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Split:
    """An amount paid, split as the invoice splits its total (NOPD-FEE-1)."""

    officer_pay: Decimal
    admin_fee: Decimal
    other: Decimal


def split_amount(amount: Decimal, invoice: Invoice) -> Split:
    """``amount`` in the proportions of ``invoice``'s officer pay, admin fee and other charges
    (the admin fee takes the rounding cent)."""
    if not invoice.total:
        return Split(ZERO, ZERO, amount)
    officer_pay = (amount * invoice.officer_pay / invoice.total).quantize(CENT)
    other = (amount * invoice.other_charges / invoice.total).quantize(CENT)
    return Split(officer_pay, amount - officer_pay - other, other)


def _sum(queryset, field: str = "amount") -> Decimal:
    return queryset.aggregate(s=Sum(field))["s"] or ZERO


def balance_after(payment: Payment, invoice: Invoice) -> Decimal:
    """What was left to pay on ``invoice`` once ``payment`` was counted: its total, less the
    credit notes issued and the payments succeeded up to then, plus the refunds made by then."""
    at: datetime = payment.succeeded_at
    credited = _sum(
        Invoice._base_manager.filter(refers_to=invoice, issued_at__lte=at), field="total"
    )
    paid = _sum(
        Payment._base_manager.filter(
            invoice=invoice, state__in=Payment.PAID_STATES, succeeded_at__lte=at
        ).filter(Q(succeeded_at__lt=at) | Q(pk__lte=payment.pk))
    )
    refunded = _sum(
        Refund._base_manager.filter(
            payment__invoice=invoice, state=Refund.State.SUCCEEDED, succeeded_at__lte=at
        )
    )
    return invoice.total - credited - paid + refunded


def render_receipt(payment: Payment) -> bytes:
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)
    payment.invoice = invoice
    html = render_to_string(
        "billing/receipt_pdf.html",
        {
            "payment": payment,
            "invoice": invoice,
            "split": split_amount(payment.amount, invoice),
            "balance": balance_after(payment, invoice),
            "logo": logo_data_uri(invoice.agency),
        },
    )
    return html_to_pdf(html)


def _filename(payment: Payment) -> str:
    number = Invoice._base_manager.values_list("number", flat=True).get(pk=payment.invoice_id)
    return f"{number}-P{payment.pk}.pdf"


def store_receipt(payment_id: int) -> Payment:
    """Render and store the receipt of a succeeded payment unless it is stored already."""
    return store_once(
        Payment, payment_id, "receipt_pdf", _filename, lambda row: render_receipt(row)
    )


def receipt_bytes(payment: Payment) -> bytes:
    """The stored receipt of a succeeded payment (stored now if it is not yet)."""
    if payment.state not in Payment.PAID_STATES:
        raise ValueError(f"Payment {payment.pk} has not succeeded: it has no receipt.")
    return stored_bytes(payment, "receipt_pdf", store_receipt)

"""What the payment and refund services share: the typed values the edges hand them, and the
small reads and writes both need (an idempotency key, the invoice's lock and status, the data of
a payment's audit event, what may still be refunded)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from billing.models import Invoice, Payment, Refund
from billing.models.payments import Method
from detailhire.errors import ConflictError, DomainError

ZERO = Decimal("0.00")


# --- typed values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartedPayment:
    """What the pay page needs to let Stripe.js confirm a payment."""

    payment: Payment
    client_secret: str
    publishable_key: str


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    status: str  # Stripe's refund status
    refund_ref: str = ""  # our Refund id, from the refund's metadata


@dataclass(frozen=True)
class ProviderEvent:
    """A verified Stripe event, as read at the edge (billing.webhooks)."""

    id: str
    type: str
    intent_id: str = ""  # the PaymentIntent concerned
    payment_ref: str = ""  # our Payment id, from the PaymentIntent's metadata
    failure_message: str = ""
    refunds: tuple[ProviderRefund, ...] = ()


# --- helpers -----------------------------------------------------------------------------------


def _key(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def _method_label(method: str) -> str:
    return Method(method).label


def _lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice._base_manager.select_for_update().get(pk=invoice.pk)


def _payable(invoice: Invoice) -> Decimal:
    """The invoice's balance, refusing what cannot be paid."""
    if invoice.kind != Invoice.Kind.INVOICE:
        raise DomainError("A credit note is not paid.")
    if invoice.status == Invoice.Status.CREDITED:
        raise ConflictError(f"Invoice {invoice.number} was credited in full: nothing is owed.")
    balance = invoice.balance_due
    if balance <= ZERO:
        raise ConflictError(f"Invoice {invoice.number} is paid: nothing is owed.")
    return balance


def _refresh_invoice(invoice_id: int) -> None:
    """The invoice's status follows its balance (paid / issued)."""
    from billing.services.invoicing import refresh_status

    refresh_status(Invoice._base_manager.get(pk=invoice_id))


def _payment_data(payment: Payment, invoice: Invoice, **extra) -> dict:
    return {
        "payment_id": payment.pk,
        "invoice_id": invoice.pk,
        "number": invoice.number,
        "method": _method_label(payment.method),
        "amount": payment.amount,
        "currency": payment.currency,
        **extra,
    }


def refundable_amount(payment: Payment) -> Decimal:
    """What may still be refunded: the amount less every refund not failed."""
    given = Refund._base_manager.filter(
        payment_id=payment.pk, state__in=Refund.COUNTING_STATES
    ).aggregate(s=Sum("amount"))["s"]
    return payment.amount - (given or ZERO)

"""Payments and refunds: the only code that changes their states (PLAT-PAYMENT-1).

- ``start_card_payment(invoice, *, actor, method, payment_method=None)``: a card or ACH payment of
  the invoice's balance through a Stripe PaymentIntent. Nothing is paid yet: Stripe's webhook
  says so later (``apply_stripe_event``); the browser's redirect never fulfils anything.
- ``record_offline_payment(invoice, *, actor, method, amount, number, received_on)``: a check or a
  bank transfer the agency received, recorded by a coordinator.
- ``refund_payment(payment, *, actor, amount, reason, by_check=False, check_number="")``: part or
  all of a payment back, through Stripe or by check.
- ``refund_all_for_job(job, *, actor, reason)``: everything paid on a job's invoices back, for a
  cancellation by the agency for police necessity (NOPD-CANCEL-1). Retrying it refunds nothing
  more.
- ``retry_refund(refund, *, actor, by_check=False)``: a failed refund tried again (a new row and
  key); ``mark_check_refund_sent(refund, *, actor, check_number)``: a refund owed by check sent.
- ``apply_stripe_event(event)``: a verified webhook event, with one effect however often or
  concurrently it arrives.

Each runs in ``transaction.atomic``, locks the rows it changes, re-checks their state, writes an
audit event, and sends its email after the commit. Calls to Stripe are made outside the lock's
transaction where they can be (a card payment), or once the refund row is committed
(``transaction.on_commit``), always with the idempotency key stored on the row first, so a crash
between the call and the write leaves a row that says what was attempted, and a retry of the call
cannot act twice. A refund Stripe refuses is kept (state failed, with Stripe's message) and listed
for staff by ``refunds_needing_attention``.

Services are explicitly unscoped (detailhire.tenancy): they authorize the actor through
``detailhire.policy`` and read and lock rows through the unscoped base managers.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.log import record
from billing.models import Invoice, Payment, Refund, StripeEvent
from billing.models.payments import OFFLINE_METHODS, ONLINE_METHODS, Method, Provider
from billing.providers import stripe as provider
from billing.services import payment_emails
from billing.services.payment_common import (
    ZERO,
    ProviderEvent,
    ProviderRefund,
    StartedPayment,
    _key,
    _lock_invoice,
    _payable,
    _payment_data,
    _refresh_invoice,
    refundable_amount,
)
from billing.services.refunds import (  # the refunds' API, here too: one place to call
    NEEDS_ATTENTION,
    _apply_refund_status,
    mark_check_refund_sent,
    refund_all_for_job,
    refund_payment,
    refunds_needing_attention,
    resend_refund,
    retry_refund,
)
from detailhire import policy
from detailhire.errors import ConflictError, DomainError

__all__ = [
    "NEEDS_ATTENTION",
    "ProviderEvent",
    "ProviderRefund",
    "StartedPayment",
    "apply_stripe_event",
    "mark_check_refund_sent",
    "record_offline_payment",
    "refund_all_for_job",
    "refund_payment",
    "refundable_amount",
    "refunds_needing_attention",
    "resend_refund",
    "retry_refund",
    "start_card_payment",
]

logger = logging.getLogger(__name__)

# --- card and ACH ------------------------------------------------------------------------------


def start_card_payment(
    invoice: Invoice, *, actor, method: str = Method.CARD, payment_method: str | None = None
) -> StartedPayment:
    """Start paying ``invoice``'s balance by card or US bank account (ACH): a Payment row
    (pending) and its Stripe PaymentIntent, created with the row's stored idempotency key.

    ``payment_method``: a Stripe PaymentMethod id to confirm with at once (the server flow);
    without it the browser confirms with Stripe.js and the client secret. Either way the payment
    is fulfilled only by Stripe's webhook. A second start for the same balance and method reuses
    the open attempt instead of creating another."""
    policy.require(actor, "payment.start", invoice)
    if method not in ONLINE_METHODS:
        raise DomainError("Pay online by card or US bank account.", field="method")
    if not provider.configured():
        raise provider.NotConfigured(
            "Card and bank account payment is not configured: pay by check or bank transfer "
            "as the invoice says."
        )
    # One attempt per invoice, method and balance at a time, however many starts arrive at once:
    # the invoice row is locked while the open attempt is looked up or written (its idempotency
    # key stored before Stripe is called), then the attempt's own row is locked around the call,
    # so a concurrent start waits for the PaymentIntent and reuses it.
    with transaction.atomic():
        locked = _lock_invoice(invoice)
        balance = _payable(locked)
        payment = (
            Payment._base_manager.filter(
                invoice=locked,
                provider=Provider.STRIPE,
                method=method,
                amount=balance,
                state__in=Payment.OPEN_STATES,
            )
            .order_by("-pk")
            .first()
        )
        if payment is None:
            payment = _new_attempt(locked, actor=actor, method=method, amount=balance)
    started = _intent_for(payment, invoice=locked, payment_method=payment_method)
    if started is None:  # the open attempt cannot be reused: a fresh one
        with transaction.atomic():
            locked = _lock_invoice(invoice)
            payment = _new_attempt(locked, actor=actor, method=method, amount=_payable(locked))
        started = _intent_for(payment, invoice=locked, payment_method=payment_method)
    return started


def _intent_for(
    payment: Payment, *, invoice: Invoice, payment_method: str | None
) -> StartedPayment | None:
    """The attempt's PaymentIntent, created once under the attempt's row lock (with its stored
    idempotency key) or retrieved when it exists; None when the open attempt cannot be reused
    (its intent was cancelled, or a payment method is to be confirmed on a new one)."""
    failed = None
    with transaction.atomic():
        payment = Payment._base_manager.select_for_update().get(pk=payment.pk)
        if payment.provider_id:
            if payment.state not in Payment.OPEN_STATES:
                return None
            intent = provider.retrieve_payment_intent(payment.provider_id)
            if intent.status in ("succeeded", "processing"):
                raise ConflictError(
                    "A payment of this invoice is being processed: its receipt follows by email."
                )
            if intent.status != "canceled" and payment_method is None:
                return StartedPayment(payment, intent.client_secret, provider.publishable_key())
            return None
        if payment.state not in Payment.OPEN_STATES:
            return None
        try:
            intent = provider.create_payment_intent(
                amount=payment.amount,
                currency=payment.currency,
                method=payment.method,
                idempotency_key=payment.idempotency_key,
                metadata={
                    "payment": str(payment.pk),
                    "invoice": str(invoice.pk),
                    "number": invoice.number,
                },
                payment_method=payment_method,
            )
        except provider.ProviderError as error:
            _mark_failed(payment, str(error))
            failed = error
        else:
            payment.provider_id = intent.id
            fields = ["provider_id", "updated_at"]
            if payment.state == Payment.State.CREATED:
                payment.state = Payment.State.PENDING
                fields.append("state")
            payment.save(update_fields=fields)
    if failed is not None:
        raise failed
    return StartedPayment(payment, intent.client_secret, provider.publishable_key())


def _new_attempt(invoice: Invoice, *, actor, method: str, amount: Decimal) -> Payment:
    """A Stripe payment attempt of ``amount`` with its own stored idempotency key, audited."""
    payment = Payment._base_manager.create(
        invoice=invoice,
        agency_id=invoice.agency_id,
        organization_id=invoice.organization_id,
        method=method,
        amount=amount,
        currency=invoice.currency,
        provider=Provider.STRIPE,
        idempotency_key=_key("pay"),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        payment,
        actor=actor,
        event="payment.started",
        job=invoice.job,
        to_state=payment.state,
        data=_payment_data(payment, invoice),
    )
    return payment


def _mark_failed(payment: Payment, message: str) -> None:
    before = payment.state
    payment.state = Payment.State.FAILED
    payment.failure_message = message[:2000]
    payment.save(update_fields=["state", "failure_message", "updated_at"])
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)
    record(
        payment,
        actor=None,
        event="payment.failed",
        job=invoice.job,
        from_state=before,
        to_state=payment.state,
        data=_payment_data(payment, invoice, message=payment.failure_message),
    )
    payment_emails.payment_failed(payment.pk)


def _mark_succeeded(payment: Payment) -> None:
    before = payment.state
    payment.state = Payment.State.SUCCEEDED
    payment.succeeded_at = timezone.now()
    payment.save(update_fields=["state", "succeeded_at", "updated_at"])
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)
    record(
        payment,
        actor=None,
        event="payment.succeeded",
        job=invoice.job,
        from_state=before,
        to_state=payment.state,
        data=_payment_data(payment, invoice),
    )
    _refresh_invoice(invoice.pk)
    payment_emails.payment_received(payment.pk)


# --- checks and transfers ----------------------------------------------------------------------


def record_offline_payment(
    invoice: Invoice,
    *,
    actor,
    method: str,
    amount: Decimal,
    number: str,
    received_on: date,
) -> Payment:
    """Record a check or bank transfer the agency received for ``invoice`` (NOPD-PAY-1: payment
    by check, ACH or card). It succeeds at once; more than the balance is refused."""
    policy.require(actor, "payment.record", invoice)
    if method not in OFFLINE_METHODS:
        raise DomainError("Record a check or a bank transfer.", field="method")
    if amount <= ZERO:
        raise DomainError("The amount must be more than $0.00.", field="amount")
    with transaction.atomic():
        locked = _lock_invoice(invoice)
        balance = _payable(locked)
        if amount > balance:
            raise DomainError(f"{amount} is more than the balance due ({balance}).", field="amount")
        recorded = Payment._base_manager.filter(
            invoice=locked, provider=Provider.MANUAL, method=method, check_number=number
        ).exclude(state=Payment.State.FAILED)
        if recorded.exists():
            raise ConflictError(
                f"{Method(method).label} {number} is already recorded on this invoice.",
                field="number",
            )
        payment = Payment._base_manager.create(
            invoice=locked,
            agency_id=locked.agency_id,
            organization_id=locked.organization_id,
            method=method,
            amount=amount,
            currency=locked.currency,
            provider=Provider.MANUAL,
            state=Payment.State.SUCCEEDED,
            succeeded_at=timezone.now(),
            idempotency_key=_key("rec"),
            check_number=number,
            received_on=received_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            payment,
            actor=actor,
            event="payment.recorded",
            job=locked.job,
            to_state=payment.state,
            data=_payment_data(
                payment, locked, reference=number, received_on=received_on.isoformat()
            ),
        )
        _refresh_invoice(locked.pk)
        payment_emails.payment_received(payment.pk)
    return payment


# --- the webhook -------------------------------------------------------------------------------


def apply_stripe_event(event: ProviderEvent) -> str:
    """Act on a verified Stripe event once: its id is stored first, under a unique constraint,
    in the same transaction as its effect. A second delivery (even one arriving at the same
    moment: its insert waits for the first transaction, then fails) changes nothing.

    Returns "duplicate", "ignored" (a type DetailHire does not act on) or "applied"."""
    handler = _HANDLERS.get(event.type)
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = StripeEvent.objects.create(
                    event_id=event.id, type=event.type[:120], ignored=handler is None
                )
        except IntegrityError:
            return "duplicate"
        if handler is not None:
            handler(event)
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])
    return "applied" if handler is not None else "ignored"


def _locate_payment(event: ProviderEvent) -> Payment | None:
    found = None
    if event.intent_id:
        found = (
            Payment._base_manager.select_for_update()
            .filter(provider=Provider.STRIPE, provider_id=event.intent_id)
            .first()
        )
    if found is None and event.payment_ref.isdigit():
        found = (
            Payment._base_manager.select_for_update()
            .filter(provider=Provider.STRIPE, pk=int(event.payment_ref))
            .first()
        )
        if found is not None and found.provider_id not in ("", event.intent_id):
            found = None  # another attempt's PaymentIntent
    if found is None:
        logger.warning("Stripe event %s: no payment for %s", event.id, event.intent_id)
    return found


def _on_intent_succeeded(event: ProviderEvent) -> None:
    payment = _locate_payment(event)
    if payment is None or payment.state not in Payment.OPEN_STATES + (Payment.State.FAILED,):
        return
    if not payment.provider_id:
        payment.provider_id = event.intent_id
        payment.save(update_fields=["provider_id", "updated_at"])
    _mark_succeeded(payment)


def _on_intent_failed(event: ProviderEvent) -> None:
    payment = _locate_payment(event)
    if payment is None or payment.state not in Payment.OPEN_STATES:
        return
    _mark_failed(payment, event.failure_message or "The payment was declined.")


def _on_charge_refunded(event: ProviderEvent) -> None:
    for item in event.refunds:
        refund = None
        if item.id:
            refund = Refund._base_manager.select_for_update().filter(provider_id=item.id).first()
        if refund is None and item.refund_ref.isdigit():
            refund = (
                Refund._base_manager.select_for_update().filter(pk=int(item.refund_ref)).first()
            )
        if refund is None:
            logger.warning("Stripe event %s: no refund %s", event.id, item.id)
            continue
        if item.id and not refund.provider_id:
            refund.provider_id = item.id
            refund.save(update_fields=["provider_id", "updated_at"])
        _apply_refund_status(refund, item.status)


_HANDLERS = {
    "payment_intent.succeeded": _on_intent_succeeded,
    "payment_intent.payment_failed": _on_intent_failed,
    "charge.refunded": _on_charge_refunded,
}

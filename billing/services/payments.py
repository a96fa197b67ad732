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
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from audit.log import record
from billing.models import Invoice, Payment, Refund, StripeEvent
from billing.models.payments import OFFLINE_METHODS, ONLINE_METHODS, Method, Provider
from billing.providers import stripe as provider
from billing.services import payment_emails
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
    "retry_refund",
    "start_card_payment",
]

logger = logging.getLogger(__name__)

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
    with transaction.atomic():
        locked = _lock_invoice(invoice)
        balance = _payable(locked)
        open_attempt = (
            Payment._base_manager.filter(
                invoice=locked,
                provider=Provider.STRIPE,
                method=method,
                amount=balance,
                state=Payment.State.PENDING,
            )
            .exclude(provider_id="")
            .order_by("-pk")
            .first()
        )
        if open_attempt is None:
            payment = Payment._base_manager.create(
                invoice=locked,
                agency_id=locked.agency_id,
                organization_id=locked.organization_id,
                method=method,
                amount=balance,
                currency=locked.currency,
                provider=Provider.STRIPE,
                idempotency_key=_key("pay"),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            record(
                payment,
                actor=actor,
                event="payment.started",
                job=locked.job,
                to_state=payment.state,
                data=_payment_data(payment, locked),
            )
    if open_attempt is not None:
        intent = provider.retrieve_payment_intent(open_attempt.provider_id)
        if intent.status in ("succeeded", "processing"):
            raise ConflictError(
                "A payment of this invoice is being processed: its receipt follows by email."
            )
        if intent.status != "canceled" and payment_method is None:
            return StartedPayment(open_attempt, intent.client_secret, provider.publishable_key())
        payment = _new_attempt_after(open_attempt, actor=actor, invoice=locked)
    try:
        intent = provider.create_payment_intent(
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
            idempotency_key=payment.idempotency_key,
            metadata={
                "payment": str(payment.pk),
                "invoice": str(locked.pk),
                "number": locked.number,
            },
            payment_method=payment_method,
        )
    except provider.ProviderError as error:
        _fail_payment(payment.pk, str(error))
        raise
    with transaction.atomic():
        payment = Payment._base_manager.select_for_update().get(pk=payment.pk)
        payment.provider_id = intent.id
        fields = ["provider_id", "updated_at"]
        if payment.state == Payment.State.CREATED:
            payment.state = Payment.State.PENDING
            fields.append("state")
        payment.save(update_fields=fields)
    return StartedPayment(payment, intent.client_secret, provider.publishable_key())


def _new_attempt_after(previous: Payment, *, actor, invoice: Invoice) -> Payment:
    """A fresh attempt (its own idempotency key) when the open one cannot be reused."""
    with transaction.atomic():
        payment = Payment._base_manager.create(
            invoice_id=previous.invoice_id,
            agency_id=previous.agency_id,
            organization_id=previous.organization_id,
            method=previous.method,
            amount=previous.amount,
            currency=previous.currency,
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


def _fail_payment(payment_id: int, message: str) -> None:
    with transaction.atomic():
        payment = Payment._base_manager.select_for_update().get(pk=payment_id)
        if payment.state not in Payment.OPEN_STATES:
            return
        _mark_failed(payment, message)


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


# --- refunds -----------------------------------------------------------------------------------


def refund_payment(
    payment: Payment,
    *,
    actor,
    amount: Decimal,
    reason: str,
    by_check: bool = False,
    check_number: str = "",
) -> Refund:
    """Give back ``amount`` of ``payment``: through Stripe (sent once this commits), or by check
    (recorded as sent when ``check_number`` is given, else owed and listed for staff). A check
    or transfer payment is refunded by check."""
    policy.require(actor, "payment.refund", payment)
    if amount <= ZERO:
        raise DomainError("The amount must be more than $0.00.", field="amount")
    with transaction.atomic():
        locked = Payment._base_manager.select_for_update().get(pk=payment.pk)
        refund = _refund(
            locked,
            actor=actor,
            amount=amount,
            reason=reason,
            by_check=by_check,
            check_number=check_number,
        )
    return refund


def _refund(
    payment: Payment,
    *,
    actor,
    amount: Decimal,
    reason: str,
    by_check: bool,
    check_number: str = "",
    police_necessity: bool = False,
    retry_of: Refund | None = None,
) -> Refund:
    """Write one refund of a locked payment (the callers hold its lock)."""
    if payment.state not in Payment.PAID_STATES:
        raise ConflictError("Only a payment received can be refunded.")
    left = refundable_amount(payment)
    if amount > left:
        raise DomainError(f"At most {left} of this payment can be refunded.", field="amount")
    by_check = by_check or payment.provider == Provider.MANUAL
    refund = Refund._base_manager.create(
        payment=payment,
        agency_id=payment.agency_id,
        organization_id=payment.organization_id,
        amount=amount,
        currency=payment.currency,
        provider=Provider.MANUAL if by_check else Provider.STRIPE,
        state=Refund.State.PENDING if by_check else Refund.State.CREATED,
        idempotency_key=_key("ref"),
        reason=reason,
        police_necessity=police_necessity,
        retry_of=retry_of,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)
    record(
        refund,
        actor=actor,
        event="refund.requested",
        job=invoice.job,
        to_state=refund.state,
        data={
            "refund_id": refund.pk,
            "payment_id": payment.pk,
            "number": invoice.number,
            "amount": amount,
            "currency": refund.currency,
            "reason": reason,
            "police_necessity": police_necessity,
            "by_check": by_check,
            "retry_of": retry_of.pk if retry_of is not None else None,
        },
    )
    if by_check and check_number:
        _refund_succeeded(refund, check_number=check_number)
    elif not by_check:
        refund_id = refund.pk
        transaction.on_commit(lambda: send_stripe_refund(refund_id))
    return refund


def refund_all_for_job(job, *, actor, reason: str) -> list[Refund]:
    """NOPD-CANCEL-1: the agency cancelled ``job`` for police necessity, so everything paid on
    its invoices is refunded in full. Idempotent: a retried cancellation (or a second call at
    the same time, which waits for the first's locks) finds nothing left to refund."""
    policy.require(actor, "payment.refund", job)
    created: list[Refund] = []
    with transaction.atomic():
        payments = list(
            Payment._base_manager.select_for_update()
            .filter(invoice__job_id=job.pk, state__in=Payment.PAID_STATES)
            .order_by("pk")
        )
        for payment in payments:
            left = refundable_amount(payment)
            if left <= ZERO:
                continue
            created.append(
                _refund(
                    payment,
                    actor=actor,
                    amount=left,
                    reason=reason,
                    by_check=payment.provider == Provider.MANUAL,
                    police_necessity=True,
                )
            )
    return created


def send_stripe_refund(refund_id: int) -> Refund:
    """Send a created refund to Stripe with its stored idempotency key and record the answer.
    Runs after the refund row committed; sending it again (a retry) is harmless: Stripe answers
    a repeated key with the same refund, and a refund already answered is left alone."""
    refund = Refund._base_manager.select_related("payment").get(pk=refund_id)
    if refund.state != Refund.State.CREATED:
        return refund
    try:
        result = provider.create_refund(
            payment_intent=refund.payment.provider_id,
            amount=refund.amount,
            idempotency_key=refund.idempotency_key,
            metadata={"refund": str(refund.pk), "payment": str(refund.payment_id)},
        )
    except DomainError as error:  # not configured any more
        result = provider.RefundResult(id="", status="failed", failure_message=str(error))
    with transaction.atomic():
        refund = Refund._base_manager.select_for_update().get(pk=refund_id)
        if refund.state != Refund.State.CREATED:
            return refund
        if result.id:
            refund.provider_id = result.id
            refund.save(update_fields=["provider_id", "updated_at"])
        _apply_refund_status(refund, result.status, result.failure_message)
    return refund


def _apply_refund_status(refund: Refund, status: str, message: str = "") -> None:
    """Move a created or pending refund as Stripe's status says (the caller holds its lock)."""
    if refund.state not in (Refund.State.CREATED, Refund.State.PENDING):
        return
    if status == "succeeded":
        _refund_succeeded(refund)
    elif status in ("failed", "canceled"):
        _refund_failed(refund, message or f"Stripe: the refund {status}.")
    elif refund.state == Refund.State.CREATED:
        refund.state = Refund.State.PENDING
        refund.save(update_fields=["state", "updated_at"])


def _refund_succeeded(refund: Refund, *, check_number: str = "") -> None:
    before = refund.state
    refund.state = Refund.State.SUCCEEDED
    refund.succeeded_at = timezone.now()
    if check_number:
        refund.check_number = check_number
    refund.save(update_fields=["state", "succeeded_at", "check_number", "updated_at"])
    payment = Payment._base_manager.select_for_update().get(pk=refund.payment_id)
    given = Refund._base_manager.filter(
        payment_id=payment.pk, state=Refund.State.SUCCEEDED
    ).aggregate(s=Sum("amount"))["s"]
    if given is not None and given >= payment.amount and payment.state != "refunded":
        payment.state = Payment.State.REFUNDED
        payment.save(update_fields=["state", "updated_at"])
    invoice = Invoice._base_manager.get(pk=payment.invoice_id)
    record(
        refund,
        actor=None,
        event="refund.succeeded",
        job=invoice.job,
        from_state=before,
        to_state=refund.state,
        data={
            "refund_id": refund.pk,
            "payment_id": payment.pk,
            "number": invoice.number,
            "amount": refund.amount,
            "currency": refund.currency,
            "check_number": refund.check_number,
        },
    )
    _refresh_invoice(invoice.pk)
    payment_emails.refund_issued(refund.pk)


def _refund_failed(refund: Refund, message: str) -> None:
    before = refund.state
    refund.state = Refund.State.FAILED
    refund.failure_message = message[:2000]
    refund.save(update_fields=["state", "failure_message", "updated_at"])
    invoice = Invoice._base_manager.get(pk=refund.payment.invoice_id)
    record(
        refund,
        actor=None,
        event="refund.failed",
        job=invoice.job,
        from_state=before,
        to_state=refund.state,
        data={
            "refund_id": refund.pk,
            "payment_id": refund.payment_id,
            "number": invoice.number,
            "amount": refund.amount,
            "currency": refund.currency,
            "message": refund.failure_message,
        },
    )


def mark_check_refund_sent(refund: Refund, *, actor, check_number: str) -> Refund:
    """A refund owed by check was sent: record its check number."""
    policy.require(actor, "payment.refund", refund)
    with transaction.atomic():
        locked = Refund._base_manager.select_for_update().get(pk=refund.pk)
        if locked.provider != Provider.MANUAL or locked.state != Refund.State.PENDING:
            raise ConflictError("This refund is not waiting for a check.")
        _refund_succeeded(locked, check_number=check_number)
    return locked


def retry_refund(refund: Refund, *, actor, by_check: bool = False) -> Refund:
    """Try a failed refund again: a new refund of the same amount with its own idempotency key
    (through Stripe, or by check), linked to the failed one, which stays as it was."""
    policy.require(actor, "payment.refund", refund)
    with transaction.atomic():
        payment = Payment._base_manager.select_for_update().get(pk=refund.payment_id)
        failed = Refund._base_manager.select_for_update().get(pk=refund.pk)
        if failed.state != Refund.State.FAILED or Refund._base_manager.filter(retry_of=failed):
            raise ConflictError("Only a failed refund not tried again can be retried.")
        return _refund(
            payment,
            actor=actor,
            amount=failed.amount,
            reason=failed.reason,
            by_check=by_check or failed.provider == Provider.MANUAL,
            police_necessity=failed.police_necessity,
            retry_of=failed,
        )


# Refunds staff must act on: failed at Stripe (and not tried again), owed by check, or sent and
# never answered.
NEEDS_ATTENTION = (
    Q(state=Refund.State.FAILED, retried_as__isnull=True)
    | Q(state=Refund.State.PENDING, provider=Provider.MANUAL)
    | Q(state=Refund.State.CREATED)
)


def refunds_needing_attention(agency_id: int):
    """The agency's refunds that need a person (see ``NEEDS_ATTENTION``), oldest first."""
    return (
        Refund._base_manager.filter(agency_id=agency_id)
        .filter(NEEDS_ATTENTION)
        .select_related("payment")
        .order_by("created_at", "pk")
    )


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

"""Refunds (PLAT-PAYMENT-1, NOPD-CANCEL-1): the only code that changes a refund's state.

- ``refund_payment(payment, *, actor, amount, reason, by_check=False, check_number="")``: part or
  all of a payment back, through Stripe (sent once the refund row is committed, with the key
  stored on it) or by check.
- ``refund_all_for_job(job, *, actor, reason)``: everything paid on a job's invoices back, for a
  cancellation by the agency for police necessity. Retrying it refunds nothing more.
- ``retry_refund(refund, *, actor, by_check=False)``: a failed refund tried again (a new row and
  key); ``mark_check_refund_sent(refund, *, actor, check_number)``: a refund owed by check sent.
- ``resend_refund(refund, *, actor)``: a Stripe refund never answered (stuck in created) sent
  again with the same idempotency key.
- ``refunds_needing_attention(agency_id)``: what staff must look at (failed, or owed by check).

A refund Stripe refuses is kept (state failed, with Stripe's message), never lost.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from audit.log import record
from billing.models import Invoice, Payment, Refund
from billing.models.payments import Provider
from billing.providers import stripe as provider
from billing.services import payment_emails
from billing.services.payment_common import (
    ZERO,
    _key,
    _refresh_invoice,
    refundable_amount,
)
from detailhire import policy
from detailhire.errors import ConflictError, DomainError

logger = logging.getLogger(__name__)


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


def resend_refund(refund: Refund, *, actor) -> Refund:
    """A Stripe refund stuck in "created" (its call to Stripe never answered: the process
    stopped, the network failed) is sent again by staff with the SAME stored idempotency key, so
    Stripe refunds at most once however often it is sent. Audited; returns the refund as
    Stripe's answer left it (pending, succeeded or failed)."""
    policy.require(actor, "payment.refund", refund)
    with transaction.atomic():
        locked = Refund._base_manager.select_for_update().select_related("payment__invoice")
        locked = locked.get(pk=refund.pk)
        if locked.state != Refund.State.CREATED or locked.provider != Provider.STRIPE:
            raise ConflictError("Only a refund sent to Stripe and never answered can be re-sent.")
        invoice = locked.payment.invoice
        record(
            locked,
            actor=actor,
            event="refund.resent",
            agency=invoice.agency,
            job=invoice.job,
            data={
                "refund_id": locked.pk,
                "number": invoice.number,
                "amount": locked.amount,
                "currency": locked.currency,
            },
        )
    return send_stripe_refund(locked.pk)


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

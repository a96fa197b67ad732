"""Stripe: PaymentIntents (card and US bank account), refunds, and webhook events
(PLAT-PAYMENT-1).

The one module that talks to Stripe. Every call that creates something (a PaymentIntent, a
refund) sends the idempotency key the caller stored on its row before the call, so a retried call
(a network error, a second click, a retried cancellation) cannot charge or refund twice.

Settings: ``STRIPE_SECRET_KEY`` (empty, the embedded default: card and ACH payment are not
configured, and the pay page offers the agency's other ways to pay), ``STRIPE_PUBLISHABLE_KEY``
(for Stripe.js on the pay page), ``STRIPE_WEBHOOK_SECRET`` (webhook signatures) and
``STRIPE_API_BASE`` (another API address, such as a local fake Stripe server in tests).

Nothing here touches the database: the services (``billing.services.payments``) decide, store and
audit; this module only translates to and from Stripe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings

from detailhire.errors import DomainError

__all__ = [
    "Intent",
    "InvalidEvent",
    "NotConfigured",
    "ProviderError",
    "RefundResult",
    "configured",
    "create_payment_intent",
    "create_refund",
    "publishable_key",
    "retrieve_payment_intent",
    "to_minor_units",
    "verify_event",
]

# DetailHire's payment methods -> Stripe's payment method types.
PAYMENT_METHOD_TYPES = {"card": "card", "ach": "us_bank_account"}


class NotConfigured(DomainError):
    """No Stripe keys: online payment is off (the embedded default)."""

    http_status = 409


class ProviderError(DomainError):
    """Stripe refused or could not be reached; the message is Stripe's (safe to show)."""

    http_status = 502


class InvalidEvent(Exception):
    """A webhook body that is not a Stripe event signed with our secret."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str  # Stripe's: requires_payment_method, processing, succeeded, canceled ...
    client_secret: str


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str  # Stripe's: pending, succeeded, failed, canceled, requires_action
    failure_message: str = ""


def configured() -> bool:
    """Is card and ACH payment through Stripe available?"""
    return bool(settings.STRIPE_SECRET_KEY)


def publishable_key() -> str:
    return settings.STRIPE_PUBLISHABLE_KEY


def to_minor_units(amount: Decimal) -> int:
    """Dollars and cents to Stripe's integer cents ("434.64" -> 43464)."""
    return int((amount * 100).to_integral_value())


def _client() -> stripe.StripeClient:
    if not configured():
        raise NotConfigured("Card and bank account payment is not configured for this site.")
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else {},
        # safe to retry: every create call carries its idempotency key
        max_network_retries=2,
    )


def _intent(found) -> Intent:
    return Intent(id=found.id, status=found.status, client_secret=found.client_secret or "")


def create_payment_intent(
    *,
    amount: Decimal,
    currency: str,
    method: str,
    idempotency_key: str,
    metadata: dict[str, str],
    payment_method: str | None = None,
) -> Intent:
    """Create a PaymentIntent for ``amount``. With ``payment_method`` (a PaymentMethod id the
    server already holds) it is confirmed at once; otherwise Stripe.js confirms it in the browser
    with the client secret. Stripe's answer comes later, by webhook."""
    params: dict[str, Any] = {
        "amount": to_minor_units(amount),
        "currency": currency.lower(),
        "payment_method_types": [PAYMENT_METHOD_TYPES[method]],
        "metadata": metadata,
    }
    if payment_method:
        params["payment_method"] = payment_method
        params["confirm"] = True
    try:
        found = _client().v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as error:
        raise ProviderError(_message(error)) from error
    return _intent(found)


def retrieve_payment_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as error:
        raise ProviderError(_message(error)) from error


def create_refund(
    *, payment_intent: str, amount: Decimal, idempotency_key: str, metadata: dict[str, str]
) -> RefundResult:
    """Refund ``amount`` of a succeeded PaymentIntent. A refusal is a result (status "failed"
    with Stripe's message), not an exception: the caller records it for staff."""
    try:
        found = _client().v1.refunds.create(
            params={
                "payment_intent": payment_intent,
                "amount": to_minor_units(amount),
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        return RefundResult(id="", status="failed", failure_message=_message(error))
    failure = getattr(found, "failure_reason", None) or ""
    return RefundResult(id=found.id, status=found.status or "pending", failure_message=failure)


def verify_event(payload: bytes, signature: str) -> dict[str, Any]:
    """The event in ``payload`` (the raw request body) if ``signature`` (the Stripe-Signature
    header) proves it was signed with ``STRIPE_WEBHOOK_SECRET``; ``InvalidEvent`` otherwise.
    Without a webhook secret no event is accepted."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidEvent("No webhook secret is configured.")
    if not signature:
        raise InvalidEvent("The Stripe-Signature header is missing.")
    try:
        stripe.Webhook.construct_event(payload, signature, secret)
        data = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidEvent(str(error)) from error
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("id"), str)
        or not isinstance(data.get("type"), str)
    ):
        raise InvalidEvent("Not a Stripe event.")
    return data


def _message(error: stripe.StripeError) -> str:
    text = getattr(error, "user_message", None) or str(error) or type(error).__name__
    return f"Stripe: {text}"[:500]

"""``POST /api/v1/billing/stripe/webhook/``: Stripe's events (PLAT-PAYMENT-1).

The signature is verified on the raw body with ``STRIPE_WEBHOOK_SECRET`` before anything is read;
a body that fails answers 400 and nothing is stored. A verified event is read here, once, into a
typed ``ProviderEvent`` and handed to ``billing.services.payments.apply_stripe_event``, which
stores the event id under a unique constraint and acts on it in the same transaction: a duplicate
or concurrent delivery answers 200 and does nothing more. Types DetailHire does not act on are
acknowledged (200) and ignored.

No session, no CSRF token: Stripe authenticates by the signature alone.
"""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.providers import stripe as provider
from billing.services.payments import ProviderEvent, ProviderRefund, apply_stripe_event

logger = logging.getLogger(__name__)

# Stripe's bodies are a few kilobytes; anything far larger is not an event of theirs.
MAX_BODY = 512 * 1024


def _text(value, limit: int = 255) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def read_event(data: dict) -> ProviderEvent:
    """The facts DetailHire acts on, from a verified event's JSON."""
    obj = _mapping(_mapping(data.get("data")).get("object"))
    kind = _text(data.get("type"), 120)
    if kind.startswith("payment_intent."):
        error = _mapping(obj.get("last_payment_error"))
        return ProviderEvent(
            id=_text(data.get("id")),
            type=kind,
            intent_id=_text(obj.get("id")),
            payment_ref=_text(_mapping(obj.get("metadata")).get("payment"), 20),
            failure_message=_text(error.get("message"), 500),
        )
    if kind == "charge.refunded":
        items = _mapping(obj.get("refunds")).get("data")
        refunds = tuple(
            ProviderRefund(
                id=_text(item.get("id")),
                status=_text(item.get("status"), 40),
                refund_ref=_text(_mapping(item.get("metadata")).get("refund"), 20),
            )
            for item in (items if isinstance(items, list) else [])[:100]
            if isinstance(item, dict)
        )
        return ProviderEvent(
            id=_text(data.get("id")),
            type=kind,
            intent_id=_text(obj.get("payment_intent")),
            refunds=refunds,
        )
    return ProviderEvent(id=_text(data.get("id")), type=kind)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return JsonResponse({"detail": "The body is too large."}, status=400)
    payload = request.body
    try:
        data = provider.verify_event(payload, request.META.get("HTTP_STRIPE_SIGNATURE", ""))
    except provider.InvalidEvent as error:
        logger.warning("Stripe webhook refused: %s", error)
        return JsonResponse({"detail": "The signature does not verify."}, status=400)
    result = apply_stripe_event(read_event(data))
    return JsonResponse({"received": True, "result": result})

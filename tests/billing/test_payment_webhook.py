"""PLAT-PAYMENT-1: the Stripe webhook, with events signed here as Stripe signs them.

The signature is verified on the raw body; the event id is stored first under a unique
constraint, so a second delivery has no effect; unknown types are acknowledged and ignored; the
invoice is paid from the webhook only. (The same flow against a running fake Stripe, over real
HTTP: test_payment_localstripe.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice, Refund, StripeEvent
from tests.billing.conftest import book_nopd
from tests.billing.stripe_helpers import (
    intent_object,
    invoice_for,
    pending_card_payment,
    signed_event,
)

pytestmark = pytest.mark.django_db

WEBHOOK = "/api/v1/billing/stripe/webhook/"


def deliver(payload: bytes, signature: str):
    return Client().post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


@pytest.fixture
def invoice(demo, clock) -> Invoice:
    job = book_nopd(demo)
    with scopes_disabled():
        return invoice_for(job, by=demo.coordinator("nopd"))


def events_of(kind: str) -> int:
    with scopes_disabled():
        return AuditEvent.objects.filter(event_type=kind).count()


def reload(row):
    with scopes_disabled():
        return type(row)._base_manager.get(pk=row.pk)


def test_payment_succeeded_event_pays_the_invoice_plat_payment_1(
    invoice, webhook_secret, django_capture_on_commit_callbacks
):
    """NOPD-PAY-1: paid by card; the webhook fulfils it (balance 0.00, paid, receipt mailed)."""
    payment = pending_card_payment(invoice)
    assert str(invoice.balance_due) == "434.64"
    with django_capture_on_commit_callbacks(execute=True):
        answer = deliver(*signed_event("payment_intent.succeeded", intent_object(payment)))
    assert answer.status_code == 200
    assert answer.json() == {"received": True, "result": "applied"}
    assert reload(payment).state == "succeeded"
    invoice = reload(invoice)
    assert str(invoice.balance_due) == "0.00"
    assert invoice.status == "paid"
    assert events_of("payment.succeeded") == 1
    [receipt] = mail.outbox
    assert "Receipt" in receipt.subject and invoice.number in receipt.subject
    assert "$434.64" in receipt.body
    assert receipt.alternatives and "$434.64" in receipt.alternatives[0][0]


def test_the_same_event_twice_has_one_effect_plat_payment_1(
    invoice, webhook_secret, django_capture_on_commit_callbacks
):
    payment = pending_card_payment(invoice)
    payload, signature = signed_event("payment_intent.succeeded", intent_object(payment))
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(payload, signature)
        second = deliver(payload, signature)
    assert first.json()["result"] == "applied"
    assert second.status_code == 200
    assert second.json()["result"] == "duplicate"
    assert StripeEvent.objects.count() == 1
    assert events_of("payment.succeeded") == 1
    assert len(mail.outbox) == 1
    assert str(reload(invoice).balance_due) == "0.00"


def test_a_bad_signature_is_refused_and_nothing_stored_plat_payment_1(invoice, webhook_secret):
    payment = pending_card_payment(invoice)
    payload, signature = signed_event("payment_intent.succeeded", intent_object(payment))
    tampered = payload.replace(b'"amount": 43464', b'"amount": 1')
    assert tampered != payload
    assert deliver(tampered, signature).status_code == 400
    assert deliver(payload, "t=1,v1=deadbeef").status_code == 400
    assert deliver(payload, "").status_code == 400
    assert StripeEvent.objects.count() == 0
    assert reload(payment).state == "pending"
    assert str(reload(invoice).balance_due) == "434.64"


def test_without_a_webhook_secret_no_event_is_accepted_plat_payment_1(invoice, settings):
    payment = pending_card_payment(invoice)
    settings.STRIPE_WEBHOOK_SECRET = "whsec_detailhire_tests"
    payload, signature = signed_event("payment_intent.succeeded", intent_object(payment))
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(payload, signature).status_code == 400
    assert StripeEvent.objects.count() == 0


def test_an_unknown_event_type_is_acknowledged_and_ignored_plat_payment_1(invoice, webhook_secret):
    payment = pending_card_payment(invoice)
    answer = deliver(*signed_event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert answer.status_code == 200
    assert answer.json()["result"] == "ignored"
    [stored] = StripeEvent.objects.all()
    assert stored.ignored and stored.type == "customer.created"
    assert reload(payment).state == "pending"


def test_the_webhook_needs_no_session_and_no_csrf_token_plat_payment_1(invoice, webhook_secret):
    payment = pending_card_payment(invoice)
    client = Client(enforce_csrf_checks=True)
    payload, signature = signed_event("payment_intent.succeeded", intent_object(payment))
    answer = client.post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert answer.status_code == 200


def test_a_failed_payment_is_recorded_and_the_customer_told_plat_payment_1(
    invoice, webhook_secret, django_capture_on_commit_callbacks
):
    payment = pending_card_payment(invoice)
    failed = intent_object(payment, last_payment_error={"message": "Your card was declined."})
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(*signed_event("payment_intent.payment_failed", failed)).status_code == 200
    payment = reload(payment)
    assert payment.state == "failed"
    assert payment.failure_message == "Your card was declined."
    assert str(reload(invoice).balance_due) == "434.64"
    [message] = mail.outbox
    assert message.subject.startswith("Payment failed")
    assert "Your card was declined." in message.body
    # a late success for the same PaymentIntent still pays (Stripe retried it)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(*signed_event("payment_intent.succeeded", intent_object(payment)))
    assert reload(payment).state == "succeeded"


def test_an_event_for_no_known_payment_is_acknowledged_plat_payment_1(invoice, webhook_secret):
    orphan = {"id": "pi_unknown", "object": "payment_intent", "metadata": {}}
    answer = deliver(*signed_event("payment_intent.succeeded", orphan))
    assert answer.status_code == 200
    assert StripeEvent.objects.filter(processed_at__isnull=False).count() == 1


def test_charge_refunded_completes_a_pending_refund_plat_payment_1(
    invoice, webhook_secret, django_capture_on_commit_callbacks
):
    payment = pending_card_payment(invoice)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(*signed_event("payment_intent.succeeded", intent_object(payment)))
    with scopes_disabled():
        refund = Refund.objects.create(
            payment=payment,
            agency_id=payment.agency_id,
            organization_id=payment.organization_id,
            amount=Decimal("100.00"),
            currency="USD",
            state=Refund.State.PENDING,
            provider="stripe",
            provider_id="re_test_1",
            idempotency_key="ref-test-1",
            reason="Goodwill",
        )
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": payment.provider_id,
        "refunds": {"data": [{"id": "re_test_1", "status": "succeeded", "amount": 10000}]},
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(*signed_event("charge.refunded", charge)).status_code == 200
    assert reload(refund).state == "succeeded"
    assert reload(payment).state == "succeeded"  # partly refunded
    assert str(reload(invoice).balance_due) == "100.00"
    assert mail.outbox[-1].subject.startswith("Refund: $100.00")

"""PLAT-PAYMENT-1 against a running fake Stripe (localstripe) over real HTTP: the server creates
and confirms a PaymentIntent, localstripe sends its signed webhook to the live server, and the
invoice is paid from that webhook; a police-necessity cancellation (NOPD-CANCEL-1) refunds the
payment through Stripe once, however often it is retried."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice, Payment, Refund, StripeEvent
from billing.services import credits, payment_emails
from billing.services import payments as services
from tests.billing.conftest import book_nopd, cancel, client_for
from tests.billing.stripe_helpers import (
    intent_object,
    invoice_for,
    pending_card_payment,
    register_webhook,
    signed_event,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

WEBHOOK = "/api/v1/billing/stripe/webhook/"


@pytest.fixture
def billed(demo, stripe_on, live_server):
    """The acceptance job (434.64), approved and invoiced; localstripe's webhooks go to the live
    server."""
    register_webhook(stripe_on, live_server.url + WEBHOOK)
    job = book_nopd(demo)
    with scopes_disabled():
        invoice = invoice_for(job, by=demo.coordinator("nopd"))
    return job, invoice


def reload(row):
    with scopes_disabled():
        return type(row)._base_manager.get(pk=row.pk)


def count(model, **filters) -> int:
    with scopes_disabled():
        return model._base_manager.filter(**filters).count()


def pay_by_card(demo, invoice) -> Payment:
    """The customer pays through the API; the server confirms with a test card at once."""
    answer = client_for(demo.customer).post(
        f"/api/v1/invoices/{invoice.pk}/payments/",
        {"method": "card", "payment_method": "pm_card_visa"},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["payment"]["state"] == "pending"
    assert body["payment"]["amount"] == "434.64"
    assert body["client_secret"].startswith("pi_")
    with scopes_disabled():
        payment = Payment.objects.get(pk=body["payment"]["id"])
    assert payment.provider_id.startswith("pi_") and payment.idempotency_key
    return payment


def test_pay_by_card_the_invoice_is_paid_from_the_webhook_plat_payment_1_nopd_pay_1(demo, billed):
    job, invoice = billed
    assert str(invoice.balance_due) == "434.64"
    payment = pay_by_card(demo, invoice)
    # nothing is paid by the request itself: Stripe's webhook says so (about a second later)
    wait_for(lambda: reload(payment).state == "succeeded")
    wait_for(lambda: mail.outbox)
    invoice = reload(invoice)
    assert str(invoice.balance_due) == "0.00"
    assert invoice.status == "paid"
    assert count(StripeEvent, type="payment_intent.succeeded") == 1
    [receipt] = mail.outbox
    assert receipt.to and receipt.to == payment_emails.recipients_of(invoice.organization_id)
    assert "Receipt" in receipt.subject and "$434.64" in receipt.body
    assert payment.provider_id in receipt.body


def test_the_same_event_delivered_twice_at_once_has_one_effect_plat_payment_1(
    postgresql_only, demo, billed, live_server
):
    """Two deliveries of one signed event, posted at the same moment by two threads: one
    payment, one audit event, one receipt."""
    _, invoice = billed
    payment = pending_card_payment(invoice)
    payload, signature = signed_event("payment_intent.succeeded", intent_object(payment))
    start = threading.Barrier(2)
    answers: list[int] = []

    def deliver():
        request = urllib.request.Request(  # noqa: S310 - the live server's http URL
            live_server.url + WEBHOOK,
            data=payload,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
            method="POST",
        )
        start.wait()
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            answers.append(answer.status)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200, 200]
    assert reload(payment).state == "succeeded"
    assert count(StripeEvent) == 1
    with scopes_disabled():
        assert AuditEvent.objects.filter(event_type="payment.succeeded").count() == 1
    assert len(mail.outbox) == 1
    assert str(reload(invoice).balance_due) == "0.00"


def test_police_necessity_after_payment_one_refund_even_when_retried_nopd_cancel_1(demo, billed):
    """NOPD-CANCEL-1: the agency cancels a paid job for police necessity: the invoice is credited
    in full and the card payment refunded through Stripe, once, however often it is retried."""
    job, invoice = billed
    payment = pay_by_card(demo, invoice)
    wait_for(lambda: reload(payment).state == "succeeded")
    coordinator = demo.coordinator("nopd")
    change = cancel(job, coordinator, police_necessity=True, reason="Hurricane warning.")
    for _ in range(3):  # the cancellation's billing, retried
        credits.credit_for_change(change, actor=coordinator)
        services.refund_all_for_job(job, actor=coordinator, reason=change.reason)
    [refund] = Refund._base_manager.filter(payment=payment)
    wait_for(lambda: reload(refund).state == "succeeded")
    refund = reload(refund)
    assert str(refund.amount) == "434.64"
    assert refund.police_necessity
    assert refund.provider_id.startswith("re_")
    assert reload(payment).state == "refunded"
    assert count(Invoice, kind="credit_note", refers_to=invoice) == 1
    assert str(reload(invoice).balance_due) == "0.00"
    wait_for(lambda: any(m.subject.startswith("Refund: $434.64") for m in mail.outbox))
    assert sum(m.subject.startswith("Refund") for m in mail.outbox) == 1


def test_concurrent_refund_retries_refund_once_nopd_cancel_1(postgresql_only, demo, billed):
    job, invoice = billed
    payment = pay_by_card(demo, invoice)
    wait_for(lambda: reload(payment).state == "succeeded")
    coordinator = demo.coordinator("nopd")
    start = threading.Barrier(2)

    def retry():
        start.wait()
        services.refund_all_for_job(job, actor=coordinator, reason="Police necessity.")

    threads = [threading.Thread(target=retry) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(Refund, payment=payment) == 1
    wait_for(lambda: reload(Refund._base_manager.get(payment=payment)).state == "succeeded")


def test_a_refund_stripe_refuses_is_recorded_and_listed_for_staff_plat_payment_1(demo, billed):
    _, invoice = billed
    payment = pending_card_payment(invoice, intent_id="pi_unknown_to_stripe")
    Payment._base_manager.filter(pk=payment.pk).update(state="succeeded")
    refund = services.refund_payment(
        reload(payment), actor=demo.coordinator("nopd"), amount=payment.amount, reason="Goodwill"
    )
    refund = reload(refund)
    assert refund.state == "failed"
    assert refund.failure_message.startswith("Stripe:")
    assert refund.idempotency_key
    assert list(services.refunds_needing_attention(invoice.agency_id)) == [refund]
    # a failed refund does not count: the payment can be refunded again
    assert services.refundable_amount(reload(payment)) == payment.amount


def test_starting_twice_reuses_the_open_payment_and_ach_is_offered_plat_payment_1(demo, billed):
    """A second start (a reload, a double click) reuses the open PaymentIntent and its stored
    idempotency key; ACH (US bank account) starts the same way."""
    _, invoice = billed
    customer = client_for(demo.customer)
    url = f"/api/v1/invoices/{invoice.pk}/payments/"
    first = customer.post(url, {"method": "card"}, format="json").json()
    second = customer.post(url, {"method": "card"}, format="json").json()
    assert first["payment"]["id"] == second["payment"]["id"]
    assert first["client_secret"] == second["client_secret"]
    assert first["publishable_key"] == "pk_test_detailhire"
    ach = customer.post(url, {"method": "ach"}, format="json")
    assert ach.status_code == 201, ach.json()
    assert ach.json()["payment"]["method"] == "ach"
    assert count(Payment, invoice=invoice) == 2
    assert reload(invoice).status == "issued"  # nothing is paid before Stripe says so


def test_the_pay_page_loads_stripe_js_with_its_sources_allowed_plat_payment_1(
    demo, billed, settings
):
    """With keys, the started payment hands Stripe.js the publishable key and client secret,
    and the page's Content-Security-Policy lets Stripe.js load (and nothing else more)."""
    from django.test import Client

    settings.CONTENT_SECURITY_POLICY = {"default-src": ["'self'"], "script-src": ["'self'"]}
    _, invoice = billed
    client = Client()
    client.force_login(demo.customer)
    answer = client.post(f"/invoices/{invoice.pk}/pay/", {"method": "card"})
    assert answer.status_code == 200
    text = answer.content.decode()
    assert 'src="https://js.stripe.com/v3/"' in text
    assert 'data-publishable-key="pk_test_detailhire"' in text
    assert "_secret_" in text
    policy = answer["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in policy
    assert "frame-src 'self' https://js.stripe.com https://hooks.stripe.com" in policy
    assert "connect-src 'self' https://api.stripe.com" in policy
    assert reload(invoice).status == "issued"  # the page itself pays nothing


def test_two_simultaneous_starts_create_one_payment_intent_plat_payment_1(
    postgresql_only, demo, billed
):
    """PLAT-PAYMENT-1 on PostgreSQL: two "start payment" requests for one invoice at the same
    moment (two tabs, a double click), each in its own thread and connection: one attempt, one
    PaymentIntent, the same client secret for both."""
    from django.db import connection

    _, invoice = billed
    start = threading.Barrier(2)
    answers: list = [None, None]

    def begin(index):
        try:
            start.wait(timeout=30)
            answers[index] = services.start_card_payment(
                reload(invoice), actor=demo.customer, method="card"
            )
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            answers[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=begin, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(a, services.StartedPayment) for a in answers), answers
    assert answers[0].payment.pk == answers[1].payment.pk
    assert answers[0].client_secret == answers[1].client_secret
    assert count(Payment, invoice=invoice) == 1
    assert reload(answers[0].payment).provider_id.startswith("pi_")

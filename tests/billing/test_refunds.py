"""Refunds that need a person (PLAT-PAYMENT-1) and the police-necessity refund sweep
(NOPD-CANCEL-1). Stripe is not configured here: a refund through Stripe fails and is kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from billing.models import Invoice, Payment, Refund
from billing.services import payments as services
from billing.sweeps import refund_police_necessity_cancellations
from tests.billing.conftest import NOW, book_nopd, cancel, client_for
from tests.billing.stripe_helpers import invoice_for, pending_card_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(demo, clock, settings) -> Invoice:
    settings.STRIPE_SECRET_KEY = ""
    job = book_nopd(demo)
    with scopes_disabled():
        return invoice_for(job, by=demo.coordinator("nopd"))


def paid_by_card(invoice) -> Payment:
    payment = pending_card_payment(invoice)
    Payment._base_manager.filter(pk=payment.pk).update(state="succeeded")
    return Payment._base_manager.get(pk=payment.pk)


def reload(row):
    return type(row)._base_manager.get(pk=row.pk)


def test_a_failed_refund_is_listed_until_tried_again_by_check_plat_payment_1(
    demo, invoice, django_capture_on_commit_callbacks
):
    payment = paid_by_card(invoice)
    coordinator = demo.coordinator("nopd")
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.refund_payment(
            payment, actor=coordinator, amount=Decimal("434.64"), reason="Goodwill"
        )
    failed = reload(failed)
    assert failed.state == "failed" and "not configured" in failed.failure_message
    listed = client_for(coordinator).get("/api/v1/billing/refunds/attention/")
    assert [r["id"] for r in listed.json()] == [failed.pk]
    staff = Client()
    staff.force_login(coordinator)
    page = staff.get("/billing/refunds/")
    assert page.status_code == 200 and failed.failure_message in page.text
    # the customer sees no such list
    assert client_for(demo.customer).get("/api/v1/billing/refunds/attention/").status_code == 403

    answer = staff.post(f"/billing/refunds/{failed.pk}/retry/", {"by_check": "1"})
    assert answer.status_code == 302
    [owed] = Refund._base_manager.filter(retry_of=failed)
    assert owed.state == "pending" and owed.provider == "manual"
    assert owed.idempotency_key != failed.idempotency_key
    assert list(services.refunds_needing_attention(invoice.agency_id)) == [owed]
    # a failed refund is tried again once
    assert staff.post(f"/billing/refunds/{failed.pk}/retry/").status_code == 409

    answer = staff.post(f"/billing/refunds/{owed.pk}/check-sent/", {"check_number": "7001"})
    assert answer.status_code == 302
    owed = reload(owed)
    assert owed.state == "succeeded" and owed.check_number == "7001"
    assert reload(payment).state == "refunded"
    assert list(services.refunds_needing_attention(invoice.agency_id)) == []
    assert reload(failed).state == "failed"  # kept as it was


def test_the_sweep_refunds_a_police_necessity_cancellation_once_nopd_cancel_1(
    demo, invoice, django_capture_on_commit_callbacks
):
    """NOPD-CANCEL-1: a job cancelled for police necessity is refunded by the sweep, once."""
    check = services.record_offline_payment(
        invoice,
        actor=demo.coordinator("nopd"),
        method="check",
        amount=Decimal("434.64"),
        number="10452",
        received_on=NOW.date(),
    )
    assert refund_police_necessity_cancellations(NOW) == []  # not cancelled yet
    with scopes_disabled():
        job = invoice.job
    cancel(job, demo.coordinator("nopd"), police_necessity=True, reason="Hurricane warning.")
    with django_capture_on_commit_callbacks(execute=True):
        first = refund_police_necessity_cancellations(NOW)
        second = refund_police_necessity_cancellations(NOW)
    assert first == [f"job {job.pk}: 1 refund(s), 434.64"]
    assert second == []
    [refund] = Refund._base_manager.filter(payment=check)
    assert refund.police_necessity and refund.provider == "manual" and refund.state == "pending"
    assert list(services.refunds_needing_attention(invoice.agency_id)) == [refund]


def test_a_customer_cancellation_is_not_refunded_by_the_sweep_nopd_cancel_1(demo, invoice):
    paid_by_card(invoice)
    with scopes_disabled():
        job = invoice.job
    cancel(job, demo.customer, reason="Rained out.")
    assert refund_police_necessity_cancellations(NOW) == []
    assert Refund._base_manager.count() == 0


def test_payments_refunds_and_events_are_shown_read_only_in_the_admin_plat_payment_1(
    demo, invoice, client
):
    from accounts.models import User
    from billing.models import StripeEvent

    payment = paid_by_card(invoice)
    refund = Refund._base_manager.create(
        payment=payment,
        agency_id=payment.agency_id,
        organization_id=payment.organization_id,
        amount=Decimal("1.00"),
        currency="USD",
        state="failed",
        provider="stripe",
        idempotency_key="ref-admin",
        reason="Goodwill",
        failure_message="Stripe: declined",
    )
    event = StripeEvent.objects.create(event_id="evt_admin", type="payment_intent.succeeded")
    client.force_login(User.objects.create_superuser(email="root@platform.test", password=None))
    for model, row in (("payment", payment), ("refund", refund), ("stripeevent", event)):
        assert client.get(f"/admin/billing/{model}/").status_code == 200
        page = client.get(f"/admin/billing/{model}/{row.pk}/change/")
        assert page.status_code == 200
        assert client.post(f"/admin/billing/{model}/{row.pk}/delete/").status_code == 403
    assert client.get("/admin/billing/payment/add/").status_code == 403

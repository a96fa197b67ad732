"""The pay page and the payments API (PLAT-PAYMENT-1, NOPD-PAY-1): without Stripe keys card
payment says it is not configured and the agency's other ways to pay are shown (never a 500); a
coordinator records a check or transfer and refunds by check; only the organization billed pays
online, only the agency's staff record and refund; another tenant's invoice is 404."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice, Payment
from tests.billing.conftest import book_nopd, client_for
from tests.billing.stripe_helpers import invoice_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(demo, clock, settings) -> Invoice:
    settings.STRIPE_SECRET_KEY = ""  # the embedded default
    job = book_nopd(demo)
    with scopes_disabled():
        return invoice_for(job, by=demo.coordinator("nopd"))


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reload(invoice: Invoice) -> Invoice:
    with scopes_disabled():
        return Invoice._base_manager.get(pk=invoice.pk)


CHECK = {"method": "check", "amount": "434.64", "number": "10452", "received_on": "2027-03-01"}


def test_without_keys_the_pay_page_says_card_payment_is_not_configured_plat_payment_1(
    demo, invoice
):
    answer = page(demo.customer).get(f"/invoices/{invoice.pk}/pay/")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Card payment is not configured" in text
    assert "$434.64" in text
    assert f"payable to “{invoice.seller_name}”" in text  # the other ways to pay
    assert "js.stripe.com" not in text
    # starting a payment anyway: a readable refusal, never a 500
    answer = page(demo.customer).post(f"/invoices/{invoice.pk}/pay/", {"method": "card"})
    assert answer.status_code == 409
    assert "not configured" in answer.content.decode()
    answer = client_for(demo.customer).post(
        f"/api/v1/invoices/{invoice.pk}/payments/", {"method": "card"}, format="json"
    )
    assert answer.status_code == 409
    assert "not configured" in answer.json()["detail"]
    assert Payment._base_manager.count() == 0


def test_a_coordinator_records_a_check_and_the_invoice_is_paid_nopd_pay_1(
    demo, invoice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(demo.coordinator("nopd")).post(
            f"/api/v1/invoices/{invoice.pk}/payments/record/", CHECK, format="json"
        )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["state"] == "succeeded" and body["method"] == "check"
    assert body["check_number"] == "10452" and body["received_on"] == "2027-03-01"
    invoice = reload(invoice)
    assert str(invoice.balance_due) == "0.00" and invoice.status == "paid"
    with scopes_disabled():
        assert AuditEvent.objects.filter(event_type="payment.recorded").count() == 1
    [receipt] = mail.outbox
    assert "Receipt" in receipt.subject and "no. 10452" in receipt.body
    listed = client_for(demo.customer).get(f"/api/v1/invoices/{invoice.pk}/payments/")
    assert [p["amount"] for p in listed.json()] == ["434.64"]
    # paid: the page says so and offers no payment
    assert "This invoice is paid" in page(demo.customer).get(f"/invoices/{invoice.pk}/pay/").text


def test_more_than_the_balance_is_refused_plat_payment_1(demo, invoice):
    answer = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/invoices/{invoice.pk}/payments/record/",
        {**CHECK, "amount": "500.00"},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "amount"
    answer = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/invoices/{invoice.pk}/payments/record/",
        {**CHECK, "amount": "-1", "number": "x" * 41},
        format="json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert {"amount", "number"} <= set(body.get("errors", body))


def test_a_coordinator_refunds_by_check_plat_payment_1(
    demo, invoice, django_capture_on_commit_callbacks
):
    staff = client_for(demo.coordinator("nopd"))
    paid = staff.post(f"/api/v1/invoices/{invoice.pk}/payments/record/", CHECK, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff.post(
            f"/api/v1/payments/{paid.json()['id']}/refund/",
            {"amount": "100.00", "reason": "One officer fewer", "check_number": "5001"},
            format="json",
        )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["state"] == "succeeded" and answer.json()["provider"] == "manual"
    assert str(reload(invoice).balance_due) == "100.00"
    assert reload(invoice).status == "issued"
    assert mail.outbox[-1].subject.startswith("Refund: $100.00")
    assert "check no. 5001" in mail.outbox[-1].body
    # no more than what was paid
    again = staff.post(
        f"/api/v1/payments/{paid.json()['id']}/refund/",
        {"amount": "400.00", "reason": "Too much", "by_check": True},
        format="json",
    )
    assert again.status_code == 400 and again.json()["field"] == "amount"


def test_who_may_pay_record_and_refund_plat_payment_1(demo, invoice, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    # the agency's staff do not pay the customer's invoice online
    answer = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/invoices/{invoice.pk}/payments/", {"method": "card"}, format="json"
    )
    assert answer.status_code == 403
    # the customer does not record checks or refund
    answer = client_for(demo.customer).post(
        f"/api/v1/invoices/{invoice.pk}/payments/record/", CHECK, format="json"
    )
    assert answer.status_code == 403
    assert Payment._base_manager.count() == 0


def test_another_tenants_invoice_is_404_plat_payment_1(demo, invoice):
    other_customer = demo.bistro_customer
    assert page(other_customer).get(f"/invoices/{invoice.pk}/pay/").status_code == 404
    answer = client_for(other_customer).post(
        f"/api/v1/invoices/{invoice.pk}/payments/", {"method": "card"}, format="json"
    )
    assert answer.status_code == 404
    other_staff = demo.coordinator("asheville")
    answer = client_for(other_staff).post(
        f"/api/v1/invoices/{invoice.pk}/payments/record/", CHECK, format="json"
    )
    assert answer.status_code == 404
    assert client_for(other_customer).get(
        f"/api/v1/invoices/{invoice.pk}/payments/"
    ).status_code in (404,)


def test_the_pay_page_needs_a_login_and_records_a_transfer_for_staff_plat_payment_1(demo, invoice):
    anonymous = Client().get(f"/invoices/{invoice.pk}/pay/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    staff = page(demo.coordinator("nopd"))
    shown = staff.get(f"/invoices/{invoice.pk}/pay/")
    assert "Record a check or bank transfer" in shown.text
    answer = staff.post(
        f"/invoices/{invoice.pk}/pay/record/",
        {**CHECK, "method": "bank_transfer", "amount": "34.64", "number": "WIRE-77"},
    )
    assert answer.status_code == 302
    assert str(reload(invoice).balance_due) == "400.00"
    refused = staff.post(f"/invoices/{invoice.pk}/pay/record/", {**CHECK, "amount": "900.00"})
    assert refused.status_code == 400
    assert "more than the balance" in refused.text


def test_the_same_check_is_recorded_once_plat_payment_1(demo, invoice):
    staff = client_for(demo.coordinator("nopd"))
    url = f"/api/v1/invoices/{invoice.pk}/payments/record/"
    first = staff.post(url, {**CHECK, "amount": "100.00"}, format="json")
    again = staff.post(url, {**CHECK, "amount": "100.00"}, format="json")
    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["field"] == "number"
    assert Payment._base_manager.count() == 1

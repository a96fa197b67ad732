"""Receipts (NOPD-REC-1): one PDF per payment that succeeded, rendered once after the payment
commits, stored, mailed with the "payment received" email and served from storage to the
organization billed and the agency's staff; another tenant's receipt is 404."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from billing.models import Invoice, Payment
from billing.receipts import receipt_bytes, store_receipt
from tests.billing.conftest import book_nopd, client_for
from tests.billing.stripe_helpers import invoice_for
from tests.billing.test_pdf import pdf_text
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(demo, clock) -> Invoice:
    with scopes_disabled():
        return invoice_for(book_nopd(demo), by=demo.coordinator("nopd"))


def record_check(demo, invoice, amount: str, number: str, capture) -> Payment:
    body = {"method": "check", "amount": amount, "number": number, "received_on": "2027-03-01"}
    with capture(execute=True):
        answer = client_for(demo.coordinator("nopd")).post(
            f"/api/v1/invoices/{invoice.pk}/payments/record/", body, format="json"
        )
    assert answer.status_code == 201, answer.json()
    with scopes_disabled():
        return Payment._base_manager.select_related("invoice").get(pk=answer.json()["id"])


def test_each_payment_gets_a_receipt_pdf_mailed_and_stored_nopd_rec_1(
    demo, invoice, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    """NOPD-REC-1, NOPD-FEE-1: a part payment's receipt names the invoice, the payer, the
    amount, its officer pay and admin fee parts and the balance left; it is mailed attached."""
    payment = record_check(demo, invoice, "200.00", "10452", django_capture_on_commit_callbacks)
    assert payment.receipt_pdf.name == f"receipts/{invoice.number}-P{payment.pk}.pdf"
    [message] = mailoutbox
    assert message.subject == f"Receipt: $200.00 paid on invoice {invoice.number}"
    assert message.to == [demo.acme.billing_email or "customer@acme.demo"]
    assert payment.receipt_number in message.body
    assert f"/payments/{payment.pk}/receipt/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{payment.receipt_number}.pdf", "application/pdf")
    text = pdf_text(content, tmp_path)
    for expected in (
        "RECEIPT",
        payment.receipt_number,
        invoice.number,
        invoice.seller_name[:30],
        "Acme Events",
        "Check",
        "No. 10452",
        "$200.00",
        "Of which officer pay $170.55",  # 200.00 x 370.64 / 434.64
        "Of which admin fee $29.45",
        "Invoice total $434.64",
        "Balance due after this payment $234.64",
    ):
        assert expected in text, expected

    second = record_check(demo, invoice, "234.64", "10453", django_capture_on_commit_callbacks)
    text = pdf_text(receipt_bytes(second), tmp_path)
    assert "Balance due after this payment" in text and "$0.00" in text
    # the first receipt is what it was when issued
    assert "$234.64" in pdf_text(receipt_bytes(payment), tmp_path)


def test_a_stored_receipt_is_never_rendered_again_nopd_rec_1(
    demo, invoice, monkeypatch, django_capture_on_commit_callbacks
):
    payment = record_check(demo, invoice, "434.64", "7", django_capture_on_commit_callbacks)
    stored = payment.receipt_pdf.name
    monkeypatch.setattr("billing.receipts.render_receipt", lambda p: pytest.fail("rendered"))
    assert store_receipt(payment.pk).receipt_pdf.name == stored
    assert receipt_bytes(payment).startswith(b"%PDF")


def test_the_receipt_is_served_to_the_payer_and_the_agency_only_nopd_rec_1(
    demo, invoice, django_capture_on_commit_callbacks
):
    """NOPD-REC-1, PLAT-TENANT-1: the organization billed and NOPD's staff get the stored PDF
    (the invoice page links it); another organization or agency gets 404."""
    payment = record_check(demo, invoice, "434.64", "8", django_capture_on_commit_callbacks)
    url = f"/payments/{payment.pk}/receipt/"
    for user in (demo.customer, demo.coordinator("nopd"), demo.admin("nopd")):
        answer = browser_client(user).get(url)
        assert answer.status_code == 200, user
        assert answer["Content-Type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")
    for user in (demo.bistro_customer, demo.coordinator("asheville")):
        assert browser_client(user).get(url).status_code == 404, user
    page = browser_client(demo.customer).get(f"/invoices/{invoice.pk}/").content.decode()
    assert url in page and payment.receipt_number in page


def test_a_payment_not_succeeded_has_no_receipt_nopd_rec_1(demo, invoice):
    with scopes_disabled():
        payment = Payment._base_manager.create(
            invoice=invoice,
            agency_id=invoice.agency_id,
            organization_id=invoice.organization_id,
            method="card",
            amount=invoice.total,
            currency="USD",
            provider="stripe",
            idempotency_key="pending-receipt-test",
        )
    assert browser_client(demo.customer).get(f"/payments/{payment.pk}/receipt/").status_code == 404


def test_the_billing_emails_go_to_the_billing_contact_in_text_and_html(
    demo, invoice, mailoutbox, django_capture_on_commit_callbacks
):
    """Payment received (the receipt attached) and refund issued go
    to the organization's billing email after commit, each as text and HTML."""
    with scopes_disabled():
        acme = type(demo.acme)._base_manager.get(pk=demo.acme.pk)
        acme.billing_email = "ap@acme.test"
        acme.save(update_fields=["billing_email"])
    payment = record_check(demo, invoice, "434.64", "10460", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(demo.coordinator("nopd")).post(
            f"/api/v1/payments/{payment.pk}/refund/",
            {"amount": "34.64", "reason": "Ended early", "check_number": "5002"},
            format="json",
        )
    assert answer.status_code == 201, answer.json()
    received, refund = mailoutbox
    assert received.to == refund.to == ["ap@acme.test"]
    assert received.subject == f"Receipt: $434.64 paid on invoice {invoice.number}"
    assert [name for name, _, _ in received.attachments] == [f"{payment.receipt_number}.pdf"]
    assert refund.subject.startswith("Refund: $34.64") and not refund.attachments
    for message in (received, refund):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and invoice.number in html


def test_a_receipt_that_cannot_be_rendered_still_mails_and_renders_later_nopd_rec_1(
    demo, invoice, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """The money moved: the customer is told even when WeasyPrint fails; the receipt is
    rendered and stored when first opened."""

    def broken(payment):
        raise OSError("no fonts")

    monkeypatch.setattr("billing.receipts.render_receipt", broken)
    payment = record_check(demo, invoice, "434.64", "9", django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject.startswith("Receipt") and not message.attachments
    assert not payment.receipt_pdf
    monkeypatch.undo()
    answer = browser_client(demo.customer).get(f"/payments/{payment.pk}/receipt/")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")

"""Billing's emails go through the notifications outbox like every other email (PLAT-NOTIFY-1):
each is a stored ``Message`` (written in the transaction that issued the document or moved the
money, sent after it commits by the retrying ``deliver`` task), once per document, payment or
refund; its PDF is attached when it is sent. Receipts are non-essential (turned off on the
preferences page, an unsubscribe link in each); invoices and failed payments always go."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from billing.models import Invoice
from billing.services import payment_emails
from notifications.models import Message, Preference
from tests.billing.conftest import book_nopd
from tests.billing.test_receipts import record_check
from tests.notifications.helpers import commits, html

pytestmark = pytest.mark.django_db

CUSTOMER = "customer@acme.demo"


def job_invoice(job) -> Invoice:
    with scopes_disabled():
        return Invoice._base_manager.get(job=job, purpose=Invoice.Purpose.JOB)


def test_the_invoice_issued_at_approval_is_an_outbox_message_with_its_pdf_plat_notify_1(
    demo, clock, mailoutbox
):
    """PLAT-NOTIFY-1: invoice issued, to the customer, naming the due time in the agency's zone
    and linking to the invoice, the PDF attached when sent; stored once under its key."""
    with commits():
        job = book_nopd(demo)
    invoice = job_invoice(job)
    with scopes_disabled():
        row = Message.objects.get(key=f"invoice:{invoice.pk}:issued")
    assert row.to == CUSTOMER and row.kind == "essential" and row.sent_at is not None
    assert row.attachments == [["billing.services.invoice_emails.document_pdf", invoice.pk]]
    [message] = [m for m in mailoutbox if m.subject.startswith("Invoice")]
    assert message.to == [CUSTOMER]
    assert message.subject == f"Invoice {invoice.number}: $434.64 from {invoice.seller_name}"
    assert "Payment due: April 5, 2027, 6:00 PM CDT" in message.body  # 48 h before, local
    assert f"/invoices/{invoice.pk}/" in message.body and invoice.number in html(message)
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert "/unsubscribe/" not in message.body  # essential: no way to turn it off


def test_a_receipt_is_sent_once_with_an_unsubscribe_link_plat_notify_1(
    demo, clock, mailoutbox, django_capture_on_commit_callbacks
):
    """PLAT-NOTIFY-1: payment received goes through the outbox once (a second call for the same
    payment, as a replayed webhook makes, stores and sends nothing), with the receipt attached
    and an unsubscribe link (receipts are not essential)."""
    with commits():
        job = book_nopd(demo)
    invoice = job_invoice(job)
    mail.outbox.clear()
    payment = record_check(demo, invoice, "434.64", "7001", django_capture_on_commit_callbacks)
    with commits(), scopes_disabled():
        payment_emails.payment_received(payment.pk)  # again
    [receipt] = mailoutbox
    assert receipt.to == [CUSTOMER]
    assert receipt.subject == f"Receipt: $434.64 paid on invoice {invoice.number}"
    assert f"/payments/{payment.pk}/receipt/" in receipt.body
    assert "/unsubscribe/" in receipt.body and "/unsubscribe/" in html(receipt)
    assert receipt.extra_headers["List-Unsubscribe"].startswith("<http")
    assert [name for name, _, _ in receipt.attachments] == [f"{payment.receipt_number}.pdf"]
    with scopes_disabled():
        assert Message.objects.filter(key=f"payment:{payment.pk}:received").count() == 1


def test_receipts_turned_off_are_not_sent_but_invoices_always_are_plat_notify_1(
    demo, clock, mailoutbox, django_capture_on_commit_callbacks
):
    """PLAT-NOTIFY-1: a customer who turned receipts off gets none; the invoice (essential)
    still comes."""
    Preference.objects.create(user=demo.customer, muted=["receipts"])
    with commits():
        job = book_nopd(demo)
    invoice = job_invoice(job)
    invoices = [m for m in mailoutbox if m.to == [CUSTOMER] and m.subject.startswith("Invoice")]
    assert len(invoices) == 1 and invoice.number in invoices[0].subject
    mail.outbox.clear()
    record_check(demo, invoice, "434.64", "7002", django_capture_on_commit_callbacks)
    assert [m for m in mailoutbox if m.subject.startswith("Receipt")] == []


def test_an_invoice_mail_the_queue_lost_goes_with_the_outbox_sweep_its_pdf_attached(demo, clock):
    """PLAT-NOTIFY-1: the message row, not the queue, is the source of truth: an invoice email
    never delivered (the broker was down) is sent by the ``mail-outbox`` sweep, the PDF loaded
    then, and only once."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    with commits():
        job = book_nopd(demo)
    invoice = job_invoice(job)
    with scopes_disabled():
        Message.objects.filter(key=f"invoice:{invoice.pk}:issued").update(sent_at=None)
    mail.outbox.clear()
    later = (timezone.now() + timedelta(minutes=10)).isoformat()
    with commits():
        for _ in range(2):  # a second run sends nothing more
            call_command("sweep", "mail-outbox", "--at", later, stdout=StringIO())
    [message] = mail.outbox
    assert message.subject.startswith(f"Invoice {invoice.number}")
    assert [name for name, _, _ in message.attachments] == [f"{invoice.number}.pdf"]


def test_only_marked_loaders_attach_files(demo, clock):
    """A stored attachment names a function marked ``attachment_loader``; any other path is
    refused and the message stays unsent."""
    from notifications.outbox import send_message

    with scopes_disabled():
        row = Message.objects.create(
            name="x", kind="essential", to=CUSTOMER, subject="s", text="t", html="",
            attachments=[["os.getcwd", 1]],
        )  # fmt: skip
        with pytest.raises(ValueError, match="not an attachment loader"):
            send_message(row.pk)
        row.refresh_from_db()
    assert row.sent_at is None and mail.outbox == []

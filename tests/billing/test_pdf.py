"""Invoice and credit-note PDFs: rendered once when issued, stored, their text holding the
number, each line and the totals (PLAT-INVOICE-1, NOPD-FEE-1)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from billing.models import Invoice
from billing.pdf import pdf_bytes, store_pdf
from billing.services.credits import credit_for_change
from billing.services.invoicing import issue_invoice_for_job
from tests.billing.conftest import approve_and_invoice, book_nopd, cancel

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text in reading order, runs of white space as one space (a cell may wrap)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    pdftotext = shutil.which("pdftotext") or pytest.skip("pdftotext (poppler-utils) is needed")
    text = subprocess.run(  # noqa: S603 - our own file, a fixed program
        [pdftotext, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def test_the_invoice_pdf_holds_the_number_lines_and_totals_plat_invoice_1_nopd_fee_1(
    demo, clock, tmp_path, django_capture_on_commit_callbacks
):
    """PLAT-INVOICE-1, NOPD-FEE-1: rendered when issued at approval (after commit) and stored;
    the text holds the number, the line, officer pay and admin fee apart, the total, the due date
    and terms."""
    job = book_nopd(demo, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = approve_and_invoice(demo, job)
    invoice.refresh_from_db()
    assert invoice.pdf.name == "invoices/NOPD-2027-000001.pdf"
    text = pdf_text(pdf_bytes(invoice), tmp_path)
    for expected in (
        "INVOICE",
        "NOPD-2027-000001",
        demo.nopd.name[:40],
        "Acme Events",
        "2 officers x 4.00 h, Wed Apr 7, 6:00-10:00 PM CDT",
        "$370.64",
        "$64.00",
        "$434.64",
        "$46.33",
        "$8.00",
        "April 5, 2027, 6:00 PM CDT",  # due 48 hours before the start (NOPD-PAY-1)
        "Prepayment",
        "How to pay",
    ):
        assert expected in text, expected


def test_a_stored_pdf_is_never_rendered_again(demo, nopd_job, monkeypatch):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    first = store_pdf(invoice.pk)
    stored = first.pdf.name
    monkeypatch.setattr("billing.pdf.render_pdf", lambda invoice: pytest.fail("rendered again"))
    assert store_pdf(invoice.pk).pdf.name == stored
    assert pdf_bytes(Invoice._base_manager.get(pk=invoice.pk)).startswith(b"%PDF")


def test_a_stored_pdf_whose_file_was_lost_is_rendered_again(demo, nopd_job):
    """A database restored without its media (or a lost volume) names a PDF that is not there:
    the document is rendered and stored again rather than failing its download or its email."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    stored = store_pdf(invoice.pk).pdf
    stored.storage.delete(stored.name)
    assert not stored.storage.exists(stored.name)
    assert pdf_bytes(Invoice._base_manager.get(pk=invoice.pk)).startswith(b"%PDF")
    again = Invoice._base_manager.get(pk=invoice.pk).pdf
    assert again and again.storage.exists(again.name)


def test_the_credit_note_pdf_refers_to_the_invoice_nopd_cancel_1(demo, nopd_job, tmp_path):
    """NOPD-CANCEL-1: the credit note for a police-necessity cancellation credits everything and
    names the invoice it corrects."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True, reason="Hurricane")
    note = credit_for_change(change, actor=None)
    text = pdf_text(pdf_bytes(note), tmp_path)
    for expected in (
        "CREDIT NOTE",
        note.number,
        f"Corrects invoice {invoice.number}",
        "police necessity",
        "$370.64",
        "$64.00",
        "Total credited",
        "$434.64",
        "Hurricane",
    ):
        assert expected in text, expected


def test_the_issued_invoice_and_credit_note_are_mailed_with_their_pdf(
    demo, clock, django_capture_on_commit_callbacks, mailoutbox
):
    """After commit: the PDF is stored, then mailed to the organization billed (its billing
    email), HTML and text from templates, the PDF attached."""
    nopd_job = book_nopd(demo, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = approve_and_invoice(demo, nopd_job)
    [message] = [m for m in mailoutbox if m.subject.startswith("Invoice ")]  # with "approved"
    assert message.subject.startswith("Invoice NOPD-2027-000001: $434.64 from ")
    assert message.to == [demo.acme.billing_email or "customer@acme.demo"]
    assert "Officer pay: $370.64" in message.body and "Admin fee: $64.00" in message.body
    assert f"/invoices/{invoice.pk}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("NOPD-2027-000001.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert message.alternatives[0][1] == "text/html"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True, reason="Storm")
    credit_for_change(change, actor=None)  # billed at the cancellation already
    credit_mail = next(m for m in mailoutbox if m.subject.startswith("Credit note"))
    assert credit_mail.subject == (
        "Credit note NOPD-2027-000002: $434.64 on invoice NOPD-2027-000001"
    )
    assert "Reason: Storm" in credit_mail.body

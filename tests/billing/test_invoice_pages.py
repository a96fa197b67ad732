"""The "Invoices" pages: a customer's organization's documents, the agency's for its staff, one
document with its PDF (PLAT-INVOICE-1, PLAT-TENANT-1)."""

from __future__ import annotations

import pytest

from billing.services.credits import credit_for_change
from billing.services.invoicing import issue_invoice_for_job
from tests.billing.conftest import cancel
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def test_the_customer_and_the_staff_see_the_invoices_and_filter_them(demo, nopd_job):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True)
    note = credit_for_change(change, actor=None)
    for user in (demo.customer, demo.coordinator("nopd")):
        client = browser_client(user)
        page = client.get("/invoices/").content.decode()
        assert invoice.number in page and note.number in page
        assert "$434.64" in page
        filtered = client.get("/invoices/?kind=credit_note&year=2027").content.decode()
        assert note.number in filtered and f">{invoice.number}<" not in filtered
        assert invoice.number not in client.get("/invoices/?year=2026").content.decode()


def test_the_invoice_page_shows_lines_balance_and_the_pdf_link_nopd_fee_1(demo, nopd_job):
    """NOPD-FEE-1: officer pay and the admin fee apart on the page too."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    client = browser_client(demo.customer)
    page = client.get(f"/invoices/{invoice.pk}/").content.decode()
    for expected in (
        "Invoice NOPD-2027-000001",
        "$370.64",
        "$64.00",
        "$434.64",
        "Balance due: $434.64",
        f"/invoices/{invoice.pk}/pdf/",
        "April 5, 2027, 6:00 PM CDT",
    ):
        assert expected in page, expected
    response = client.get(f"/invoices/{invoice.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_another_organizations_invoice_page_and_pdf_are_404_plat_tenant_1(demo, nopd_job):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    for user in (demo.bistro_customer, demo.coordinator("asheville")):
        client = browser_client(user)
        assert client.get(f"/invoices/{invoice.pk}/").status_code == 404
        assert client.get(f"/invoices/{invoice.pk}/pdf/").status_code == 404
        assert invoice.number not in client.get("/invoices/").content.decode()


def test_a_year_out_of_bounds_is_refused_in_words(demo, nopd_job):
    issue_invoice_for_job(nopd_job, actor=None)
    response = browser_client(demo.customer).get("/invoices/?year=99999")
    assert response.status_code == 200
    assert "NOPD-2027-000001" not in response.content.decode()
    assert "Year:" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/invoices/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

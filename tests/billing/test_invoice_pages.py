"""The "Invoices" pages: a customer's organization's documents, the agency's for its staff, one
document with its PDF (PLAT-INVOICE-1, PLAT-TENANT-1)."""

from __future__ import annotations

import pytest

from billing.services.credits import credit_for_change
from billing.services.invoicing import issue_invoice_for_job
from tests.billing.conftest import book_nopd, cancel
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


def _many(demo, count: int, start: int = 0):
    """``count`` invoices of NOPD to Acme, issued a minute apart (written as issued; the
    scope shows an agency's documents to an organization that booked with it: a job first)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from billing.models import Invoice

    now = timezone.now()
    with scopes_disabled():
        for n in range(start, start + count):
            Invoice.objects.create(
                agency=demo.nopd,
                organization=demo.acme,
                year=2027,
                sequence=500 + n,
                number=f"NOPD-2027-{500 + n:06d}",
                issued_at=now - timedelta(minutes=n),
                seller_name=demo.nopd.name,
                bill_to_name=demo.acme.name,
                officer_pay=Decimal("80.00"),
                admin_fee=Decimal("20.00"),
                total=Decimal("100.00"),
            )


def test_the_invoices_page_pages_by_keyset_without_counting(demo, clock):
    """The list pages newest first by keyset (``after``): every document once, the customer's
    and the staff's pages alike, and the same number of queries at 10 and at 60 documents."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    book_nopd(demo, approve=False)
    _many(demo, 10)
    client = browser_client(demo.customer)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/invoices/").status_code == 200
    _many(demo, 50, start=10)
    with CaptureQueriesContext(connection) as many:
        first = client.get("/invoices/")
    assert len(many) == len(few)
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)

    for user in (demo.customer, demo.coordinator("nopd")):
        client = browser_client(user)
        seen, url = [], "/invoices/?kind=invoice"
        while url:
            page = client.get(url).content.decode()
            seen += [n for n in range(60) if f">NOPD-2027-{500 + n:06d}<" in page]
            marker = 'href="?kind=invoice&amp;after='
            url = (
                (
                    "/invoices/?kind=invoice&after="
                    + page.split(marker)[1].split('"')[0].replace("&amp;", "&")
                )
                if marker in page
                else ""
            )
        assert seen == list(range(60)), user
    assert "Older" in first.content.decode()


def test_a_bad_page_cursor_is_refused_in_words_plat_limit_1(demo, clock):
    for cursor in (
        "x",
        "2027-13-01T00:00:00+00:00_5",
        "2027-03-01T00:00:00_5",
        "_" * 70,
        "2027-03-01T00:00:00+00:00_99999999999999",
    ):
        answer = browser_client(demo.customer).get("/invoices/", {"after": cursor})
        assert answer.status_code == 400, cursor
        assert "page link is not valid" in answer.content.decode()

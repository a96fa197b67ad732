"""The annual statement per organization, agency and year, as PDF and CSV (NOPD-REC-1)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from billing.services.credits import credit_for_change
from billing.services.invoicing import issue_invoice_for_job
from detailhire.csvexport import safe_cell
from tests.billing.conftest import book_nopd, cancel
from tests.billing.test_pdf import pdf_text
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def url(demo, kind: str, year: int = 2027, organization=None) -> str:
    organization = organization or demo.acme
    return f"/invoices/statements/{organization.pk}/nopd/{year}/{kind}/"


@pytest.fixture
def year_of_details(demo, clock):
    """Two NOPD jobs invoiced in 2027; the second cancelled for police necessity and credited."""
    first = issue_invoice_for_job(book_nopd(demo, title="Gallery opening"), actor=None)
    job = book_nopd(demo, title="Second line")
    second = issue_invoice_for_job(job, actor=None)
    note = credit_for_change(
        cancel(job, demo.coordinator("nopd"), police_necessity=True), actor=None
    )
    return first, second, note


def test_the_statement_csv_lists_every_document_with_totals_nopd_rec_1(demo, year_of_details):
    """NOPD-REC-1: every invoice and credit note of the year, credit notes negative, officer pay
    and admin fee apart, and the year's totals."""
    first, second, note = year_of_details
    for user in (demo.customer, demo.coordinator("nopd")):
        response = browser_client(user).get(url(demo, "csv"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:3] == ["Number", "Document", "Issued"]
        assert [row[0] for row in rows[1:-1]] == [first.number, second.number, note.number]
        assert rows[3][8] == "-434.64" and rows[3][4] == second.number
        assert rows[-1][0] == "Total"
        assert rows[-1][5:9] == ["370.64", "64.00", "0.00", "434.64"]


def test_the_statement_pdf_holds_the_documents_and_totals_nopd_rec_1(
    demo, year_of_details, tmp_path
):
    first, second, note = year_of_details
    response = browser_client(demo.customer).get(url(demo, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "ANNUAL STATEMENT",
        "Year 2027",
        "Acme Events",
        first.number,
        second.number,
        note.number,
        "Net billed",
        "$434.64",
        "-$434.64",
        "$869.28",
    ):
        assert expected in text, expected


def test_another_organizations_statement_is_404_plat_tenant_1(demo, year_of_details):
    for user in (demo.bistro_customer, demo.coordinator("asheville")):
        client = browser_client(user)
        assert client.get(url(demo, "csv")).status_code == 404
        assert client.get(url(demo, "pdf")).status_code == 404
    assert browser_client(demo.customer).get(url(demo, "csv", year=2026)).status_code == 404


def test_the_invoices_page_offers_the_statements(demo, year_of_details):
    page = browser_client(demo.customer).get("/invoices/").content.decode()
    assert url(demo, "pdf") in page and url(demo, "csv") in page


def test_csv_cells_are_safe_from_spreadsheet_formulas():
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+1") == "'+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell(Decimal("-434.64")) == "-434.64"
    assert safe_cell("Gallery opening") == "Gallery opening"


def test_a_job_title_like_a_formula_stays_text_in_the_statement_csv_nopd_rec_1(demo, clock):
    """NOPD-REC-1: a title typed as ``=HYPERLINK(...)`` is written behind an apostrophe (no
    spreadsheet runs it); the amounts stay numbers."""
    title = '=HYPERLINK("http://x.test","Open")'
    issue_invoice_for_job(book_nopd(demo, title=title), actor=None)
    response = browser_client(demo.customer).get(url(demo, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][3] == "'" + title
    assert rows[1][8] == "434.64"

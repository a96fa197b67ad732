"""GET /api/v1/invoices/, /api/v1/invoices/{id}/ and its PDF (docs/api.md; PLAT-INVOICE-1,
PLAT-TENANT-1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.services.credits import credit_for_change
from billing.services.invoicing import issue_invoice_for_job
from tests.billing.conftest import book_nopd, cancel
from tests.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_the_customer_reads_the_invoice_with_its_lines_and_balance_nopd_rate_1_nopd_fee_1(
    demo, nopd_job
):
    """NOPD-RATE-1, NOPD-FEE-1, NOPD-PAY-1: the API names of docs/api.md, officer pay and admin
    fee apart, due 48 hours before the start with the agency's offset."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    response = client_for(demo.customer).get(f"/api/v1/invoices/{invoice.pk}/")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert {k: data[k] for k in ("number", "job", "kind", "status", "total", "balance_due")} == {
        "number": "NOPD-2027-000001",
        "job": nopd_job.pk,
        "kind": "invoice",
        "status": "issued",
        "total": "434.64",
        "balance_due": "434.64",
    }
    assert data["due_at"] == "2027-04-05T18:00:00-05:00"
    assert (data["officer_pay"], data["admin_fee"]) == ("370.64", "64.00")
    [line] = data["lines"]
    assert (line["officer_pay"], line["admin_fee"], line["amount"]) == (
        "370.64",
        "64.00",
        "434.64",
    )
    assert data["pdf"] == f"/api/v1/invoices/{invoice.pk}/pdf/"


def test_the_pdf_is_served_to_the_customer_and_the_agency(demo, nopd_job):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    for user in (demo.customer, demo.coordinator("nopd")):
        response = client_for(user).get(f"/api/v1/invoices/{invoice.pk}/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "NOPD-2027-000001.pdf" in response["Content-Disposition"]


def test_another_organizations_invoice_and_pdf_are_404_plat_tenant_1(demo, nopd_job):
    """PLAT-TENANT-1: Bistro Row's customer and Asheville's staff see nothing of Acme's invoice."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    for user in (demo.bistro_customer, demo.coordinator("asheville")):
        client = client_for(user)
        assert client.get(f"/api/v1/invoices/{invoice.pk}/").status_code == 404
        assert client.get(f"/api/v1/invoices/{invoice.pk}/pdf/").status_code == 404
        assert client.get("/api/v1/invoices/").json()["results"] == []


def test_officers_do_not_read_invoices(demo, nopd_job):
    issue_invoice_for_job(nopd_job, actor=None)
    response = client_for(demo.user("officer1@nopd.demo")).get("/api/v1/invoices/")
    assert response.status_code == 403


def test_the_list_filters_by_status_kind_and_year(demo, nopd_job):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True)
    note = credit_for_change(change, actor=None)
    client = client_for(demo.customer)

    def numbers(query=""):
        response = client.get(f"/api/v1/invoices/{query}")
        assert response.status_code == 200, response.json()
        return [row["number"] for row in response.json()["results"]]

    assert numbers() == [note.number, invoice.number]
    assert numbers("?kind=credit_note") == [note.number]
    assert numbers("?status=credited") == [invoice.number]
    assert numbers("?year=2027") == [note.number, invoice.number]
    assert numbers("?year=2026") == []
    assert client.get("/api/v1/invoices/?year=99999").status_code == 400
    rows = {row["number"]: row for row in client.get("/api/v1/invoices/").json()["results"]}
    assert rows[invoice.number]["balance_due"] == "0.00"
    assert rows[note.number]["refers_to"] == invoice.number


def test_the_list_answers_in_a_constant_number_of_queries(demo, clock):
    """The list's balances are computed in its one query: 1 invoice or 6, the same count."""
    coordinator = demo.coordinator("nopd")

    def queries() -> int:
        client = client_for(coordinator)
        client.get("/api/v1/invoices/")  # warm the token and role reads
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/invoices/").status_code == 200
        return len(captured)

    issue_invoice_for_job(book_nopd(demo, title="First"), actor=None)
    one = queries()
    for n in range(5):
        issue_invoice_for_job(book_nopd(demo, title=f"Job {n}"), actor=None)
    assert queries() == one


def test_a_job_lists_its_invoice_and_credit_note_ids_plat_invoice_1(demo, nopd_job):
    """PLAT-INVOICE-1: a job's detail (and its row in the list) names its documents by id."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    credit_for_change(cancel(nopd_job, demo.customer), actor=None)
    customer = client_for(demo.customer)
    ids = customer.get(f"/api/v1/jobs/{nopd_job.pk}/").json()["invoices"]
    assert ids[0] == invoice.pk and len(ids) == 2
    [row] = [r for r in customer.get("/api/v1/jobs/").json()["results"] if r["id"] == nopd_job.pk]
    assert row["invoices"] == ids

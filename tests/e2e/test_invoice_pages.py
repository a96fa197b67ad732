"""Browser test of the "Invoices" pages on Debian's Chromium: the customer finds the job's
invoice in the list, opens it (officer pay and admin fee apart, the balance) and its PDF link
answers a PDF (PLAT-INVOICE-1, NOPD-FEE-1).

Screenshots: artifacts/screenshots/invoices-<name>-phone.png and -desktop.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from billing.services.invoicing import issue_invoice_for_job
from tests.billing.conftest import book_nopd

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "detailhire-demo"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"invoices-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def test_the_customer_opens_the_invoice_and_its_pdf_nopd_fee_1(demo, live_server, page):
    """NOPD-FEE-1: the invoice page shows officer pay and the admin fee apart."""
    invoice = issue_invoice_for_job(book_nopd(demo), actor=None)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill("customer@acme.demo")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()

    page.goto(f"{base}/invoices/")
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    shot(page, "list")
    page.get_by_role("link", name=invoice.number).click()
    expect(page.get_by_role("heading", name=f"Invoice {invoice.number}")).to_be_visible()
    expect(page.get_by_text("Balance due: $434.64")).to_be_visible()
    expect(page.locator("table").get_by_text("$370.64").first).to_be_visible()
    expect(page.locator("table").get_by_text("$64.00").first).to_be_visible()
    shot(page, "detail")
    pdf = page.request.get(f"{base}/invoices/{invoice.pk}/pdf/")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

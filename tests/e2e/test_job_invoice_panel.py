"""Browser test of the job page's "Invoices and balance" panel on Debian's Chromium: the job is
invoiced at approval (NOPD-PAY-1); the customer sees the invoice, its balance and due date, and
the Pay button leads to the pay page; staff see the same documents without the Pay button.

Screenshots: artifacts/screenshots/job-panel-<who>-phone.png and -desktop.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.billing.conftest import book_nopd

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "detailhire-demo"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
FIRST_INVOICE = re.compile(r"^Invoice NOPD-\d{4}-000001$")  # the year of today's clock


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"job-panel-{name}-{label}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} scrolls sideways at {viewport['width']} px"
    page.set_viewport_size(size)


def login(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()


def test_the_job_page_lists_its_invoice_and_the_pay_button_opens_the_pay_page_nopd_pay_1(
    demo, live_server, page
):
    """NOPD-PAY-1: approved, so invoiced: number, status, total, balance due and due date on the
    job page; Pay opens the invoice's pay page."""
    job = book_nopd(demo)
    base = live_server.url
    login(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/{job.pk}/")
    panel = page.locator("section[aria-labelledby=billing-title]")
    expect(panel.get_by_text("Balance due $434.64")).to_be_visible()
    expect(panel.get_by_role("link", name=FIRST_INVOICE)).to_be_visible()
    expect(panel.get_by_text("due Mon Apr 5", exact=False)).to_be_visible()
    shot(page, "customer")
    panel.get_by_role("link", name=re.compile(r"Pay \$434\.64")).click()
    expect(page).to_have_url(re.compile(r"/invoices/\d+/pay/$"))


def test_staff_see_the_jobs_documents_without_a_pay_button(demo, live_server, page):
    job = book_nopd(demo)
    base = live_server.url
    login(page, base, "coordinator@nopd.demo")
    page.goto(f"{base}/jobs/{job.pk}/")
    panel = page.locator("section[aria-labelledby=billing-title]")
    expect(panel.get_by_role("link", name=FIRST_INVOICE)).to_be_visible()
    expect(panel.get_by_role("link", name=re.compile("^Pay"))).to_have_count(0)
    shot(page, "staff")

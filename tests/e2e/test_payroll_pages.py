"""Browser test of the agency admin's payroll and fee ledger on Debian's Chromium (NOPD-FEE-1):
the admin picks April's pay period, sees the officers' hours and amounts, records the payroll as
paid and finds it in the fee ledger.

Screenshots: artifacts/screenshots/payroll-<name>-phone.png and -desktop.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.billing.conftest import book_nopd
from tests.billing.test_payroll import worked
from tests.e2e.test_invoice_pages import DESKTOP, PASSWORD, PHONE, SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"payroll-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def test_the_admin_reads_the_payroll_records_it_paid_and_sees_the_ledger_nopd_fee_1(
    demo, live_server, page
):
    job = book_nopd(demo)
    worked(demo, job, name="Casey Morgan", badge="3456", minutes=260)
    worked(demo, job, name="Avery Brooks", badge="2345", minutes=240)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(demo.admin("nopd").email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()

    page.goto(f"{base}/billing/nopd/payroll/")
    expect(page.get_by_role("heading", name="Officer payroll")).to_be_visible()
    page.get_by_label("From").fill("2027-04-01")
    page.get_by_label("To (included)").fill("2027-04-30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name=re.compile("Casey Morgan"))).to_contain_text("$200.61")
    expect(page.get_by_role("row", name=re.compile("Avery Brooks"))).to_contain_text("$185.32")
    shot(page, "period")
    csv = page.request.get(f"{base}/billing/nopd/payroll/csv/?start=2027-04-01&end=2027-04-30")
    assert csv.status == 200 and "Casey Morgan" in csv.text()

    page.get_by_label("Paid to the officers on").fill("2027-05-05")
    page.get_by_role("button", name="Record as paid").click()
    expect(
        page.get_by_text("Recorded as paid to the officers on May 5, 2027: $385.93")
    ).to_be_visible()

    page.get_by_role("link", name="Fee ledger").first.click()
    expect(page.get_by_role("heading", name="Admin-fee ledger")).to_be_visible()
    page.get_by_label("Year", exact=True).fill("2027")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name=re.compile("^May"))).to_contain_text("$385.93")
    shot(page, "ledger")

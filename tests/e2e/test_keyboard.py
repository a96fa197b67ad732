"""Every main form works from the keyboard alone: the login, the public quote, the job request,
the cancellation and the officer's claim. Each test reaches the fields with Tab (from the top
of the page), types with the keyboard, and submits with Enter; no mouse click anywhere."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_customer_flow import PASSWORD, PHONE, _approved_asheville_job, local_day
from tests.officers.helpers import book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABS = 80  # no form here is further than this from the top of its page


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("seed_demo", verbosity=0, no_jobs=True)


def tab_to(page, selector: str) -> None:
    """Press Tab until the focus is on ``selector``: it fails when Tab never gets there."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector} on {page.url}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def type_date(page, selector: str, iso: str) -> None:
    """A date field takes the month, day and year typed in turn (Chromium, en-US)."""
    year, month, day = iso.split("-")
    tab_to(page, selector)
    page.keyboard.type(month + day + year)


def keyboard_log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    type_into(page, "input[name=login]", email)
    type_into(page, "input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_log_in_with_the_keyboard(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    keyboard_log_in(page, live_server.url, "customer@acme.demo")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_quote_with_the_keyboard(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/a/nopd/quote/")
    type_date(page, "#shift-0-date", local_day(30))
    type_into(page, "#shift-0-officers", "2")
    tab_to(page, "input[name=tier]")
    page.keyboard.press("ArrowDown")  # the next tier
    tab_to(page, "#quote-form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    expect(page.locator("#quote-result .quote-total-amount")).to_have_text("$434.64")  # Tier 3


def test_request_a_job_with_the_keyboard(page, live_server, seeded):
    base = live_server.url
    page.set_viewport_size(PHONE)
    keyboard_log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/new/?agency=nopd")
    type_into(page, "input[name=title]", "Gallery opening")
    tab_to(page, "#category")
    page.keyboard.type("Event")  # a closed list picks the option typed
    type_into(page, "textarea[name=address], input[name=address]", "400 Julia St, New Orleans")
    type_date(page, "#shift-0-date", local_day(30))
    type_into(page, "#shift-0-officers", "2")
    tab_to(page, "#shift-0-officers")  # back to a field: Enter sends the form from here
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_role("heading", name="Gallery opening")).to_be_visible()


def test_cancel_a_job_with_the_keyboard(page, live_server, seeded):
    job = _approved_asheville_job()
    base = live_server.url
    page.set_viewport_size(PHONE)
    keyboard_log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/{job.pk}/cancel/")
    type_into(page, "#id_cancel-reason", "The market moved indoors.")
    tab_to(page, "button.button-danger")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/jobs/{job.pk}/$"))
    expect(page.locator(".job-title-row .status")).to_have_text("Cancelled")


def test_claim_a_detail_with_the_keyboard(page, live_server, seeded):
    start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    book("Bourbon St storefront", shifts=((start, start + timedelta(hours=4), 1),))
    base = live_server.url
    page.set_viewport_size(PHONE)
    keyboard_log_in(page, base, "officer1@nopd.demo")
    page.goto(f"{base}/officer/board/")
    tab_to(page, "button[aria-label^='Claim Bourbon St storefront']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Claimed. The detail is on your schedule.")).to_be_visible()

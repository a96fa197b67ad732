"""A tour of the pages no other browser test walks through, as each role sees them: each is
checked like every visited page (tests/e2e/pagecheck.py: axe, screenshots at 1280 and 375 px,
no sideways scroll), and a customer edits their organization with the keyboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.e2e.test_customer_flow import PHONE, _approved_asheville_job, log_in
from tests.e2e.test_keyboard import keyboard_log_in, tab_to, type_into
from tests.officers.helpers import book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("seed_demo", verbosity=0, no_jobs=True)


def visit(page, base: str, *urls: str) -> None:
    for url in urls:
        response = page.goto(base + url)
        assert response is not None and response.status == 200, url


def test_public_pages(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    visit(
        page,
        live_server.url,
        "/",
        "/a/nopd/",
        "/a/nopd/rates/",
        "/a/asheville/",
        "/a/asheville/rates/",
        "/a/asheville/quote/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    )


def test_a_member_edits_the_organization_with_the_keyboard(page, live_server, seeded):
    base = live_server.url
    page.set_viewport_size(PHONE)
    keyboard_log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/org/")
    hidden = page.evaluate(
        "[...document.querySelectorAll('.tabs a')]"
        ".filter((a) => a.getBoundingClientRect().right > window.innerWidth)"
        ".map((a) => a.textContent.trim())"
    )
    assert hidden == []  # at 375 px the section tabs wrap instead of hiding off the edge
    tab_to(page, "a[href$='/edit/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/org/\d+/edit/$"))
    type_into(page, "input[name=phone]", "<script>")
    page.keyboard.press("Enter")
    expect(page.locator("#id_phone_error")).to_contain_text("Phone")
    type_into(page, "input[name=phone]", "(504) 555-0177")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/org/$"))
    expect(page.get_by_text("(504) 555-0177")).to_be_visible()


def test_customer_staff_and_officer_pages(browser, live_server, seeded):
    job = _approved_asheville_job()
    start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    nopd = book("Bourbon St storefront", shifts=((start, start + timedelta(hours=4), 2),))
    base = live_server.url
    for email, urls in (
        ("customer@acme.demo", (f"/jobs/{job.pk}/", "/jobs/new/", "/invoices/", "/org/")),
        (
            "coordinator@nopd.demo",
            (f"/jobs/{nopd.pk}/", "/jobs/", "/staff/officers/", "/staff/attendance/"),
        ),
        ("officer1@nopd.demo", ("/officer/board/", "/officer/schedule/", "/officer/profile/")),
    ):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        log_in(page, base, email)
        visit(page, base, *urls)
        context.close()
    with scopes_disabled():
        assert nopd.shifts.count() == 1

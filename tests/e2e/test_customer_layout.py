"""A long unbroken title never makes the customer pages scroll sideways: the job page (with
its attendance table), the cancel page and the jobs list at a phone's width (375 px) and at a
desktop's."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.e2e.test_customer_flow import DESKTOP, PHONE, local_day, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Gallery" + "x" * 190


@pytest.fixture
def job(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("seed_demo", verbosity=0, no_jobs=True)
    from accounts.models import User
    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs import services
    from officers.models import Assignment, Officer
    from tests.jobs.helpers import request_job

    day = local_day(20, "America/New_York")
    with scopes_disabled():
        job = request_job(
            actor=User.objects.get(email="customer@acme.demo"),
            organization=CustomerOrganization.objects.get(name="Acme Events"),
            agency=Agency.objects.get(slug="asheville"),
            title=TITLE,
            category="event_security",
            address="1 Pack Square, Asheville NC " + "y" * 300,
            shifts=[{"starts_at": f"{day}T10:00:00", "ends_at": f"{day}T18:00:00", "officers": 2}],
        )
        services.approve_job(job, actor=User.objects.get(email="coordinator@asheville.demo"))
        shift = job.shifts.get()
        officer = Officer.objects.filter(agency=job.agency).select_related("user").first()
        Assignment.objects.create(  # an attendance row on the job page
            position=shift.positions.order_by("index").first(),
            officer=officer,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            checked_in_at=shift.starts_at,
        )
        return job


def sideways(page) -> int:
    """How far the page scrolls sideways (0: it fits the window)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


TOO_WIDE = """[...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.tagName + "." + e.className)
    .slice(0, 12)"""


def too_wide(page) -> list[str]:
    """The elements reaching past the window's right edge (for the failure message)."""
    return page.evaluate(TOO_WIDE)


BROKEN_HEADERS = """[...document.querySelectorAll("table thead th")].filter((th) => {
    const range = document.createRange();
    range.selectNodeContents(th);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
}).map((th) => th.textContent.trim())"""


def test_the_attendance_table_keeps_its_headings_whole_at_a_phones_width(page, live_server, job):
    """At 375 px the job page's attendance headings ("Checked out") are never broken into
    letters: the table scrolls inside its own region instead."""
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/{job.pk}/")
    expect(page.get_by_role("columnheader", name="Checked in")).to_be_visible()
    assert page.evaluate(BROKEN_HEADERS) == []
    assert sideways(page) <= 0


def test_a_long_title_wraps_on_every_customer_page(page, live_server, job):
    base = live_server.url
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/{job.pk}/")
    expect(page.get_by_role("columnheader", name="Checked in")).to_be_visible()
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/cancel/", "/jobs/"):
        page.goto(base + url)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            assert sideways(page) <= 0, (url, viewport["width"], too_wide(page))

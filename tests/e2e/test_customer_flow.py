"""Browser tests of the customer side (issue 3 acceptance) on Debian's Chromium: sign up ->
verify the email -> create an organization -> request a job while the live quote updates ->
the job page; cancel with the charge shown first; a prohibited category refused with the
agency's reason; the short-notice warning before submitting.

Each step's page is checked as it is (tests/e2e/pagecheck.py) and saved at a phone's width
(375 px) and at a desktop's: var/screenshots/<test>/."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.e2e.pagecheck import check_here

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "detailhire-demo"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("seed_demo", verbosity=0, no_jobs=True)


def shot(page, name: str) -> None:
    """The page as it is now, checked and saved at a phone's width and at a desktop's."""
    check_here(page, f"customer-{name}")


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()


def total(page) -> str:
    return page.get_by_test_id("quote-total").inner_text()


def local_day(days: int, slug: str = "America/Chicago") -> str:
    return (timezone.now().astimezone(ZoneInfo(slug)) + timedelta(days=days)).date().isoformat()


def test_sign_up_verify_create_organization_request_with_live_quote(page, live_server, seeded):
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/accounts/signup/?next=/jobs/new/%3Fagency%3Dnopd")
    page.locator("input[name=email]").fill("pat@gallery.example")
    page.locator("input[name=password1]").fill("a-long-enough-passphrase-42")
    page.locator("input[name=password2]").fill("a-long-enough-passphrase-42")
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(base + link.group(1))
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    page.wait_for_load_state()
    # sent to "Create or join an organization", then on to the request form
    page.wait_for_url(re.compile("/org/start/"))
    expect(page.get_by_role("heading", name="Create or join an organization")).to_be_visible()
    page.get_by_role("button", name="Create organization").click()  # empty: errors, no org
    expect(page.locator("#id_org-name_error")).to_contain_text("organization name")
    shot(page, "org-start")
    page.get_by_label("Organization name").fill("Julia St Gallery")
    page.get_by_label("Billing contact").fill("Pat Moreau")
    page.get_by_label("Billing email").fill("billing@gallery.example")
    page.get_by_label("Address").fill("400 Julia St, New Orleans LA")
    page.get_by_label("Phone").fill("(504) 555-0110")
    page.get_by_role("button", name="Create organization").click()

    page.wait_for_url(re.compile(r"/jobs/new/\?agency=nopd"))
    page.get_by_label("Title").fill("Gallery opening")
    page.get_by_label("Kind of work").select_option("event_security")
    page.get_by_label("Site address").fill("400 Julia St, New Orleans LA")
    page.locator("#shift-0-date").fill(local_day(30))
    page.locator("#shift-0-start").fill("18:00")
    page.locator("#shift-0-end").fill("22:00")
    page.locator("#shift-0-officers").fill("2")
    page.get_by_text("Tier 3", exact=True).click()
    expect(page.get_by_test_id("quote-total")).to_have_text("$434.64")
    page.locator("#shift-0-officers").fill("3")  # the total follows as they type
    expect(page.get_by_test_id("quote-total")).to_have_text("$651.96")
    page.get_by_role("button", name="+ Add a shift").click()
    expect(page.locator("#shift-1-date")).to_be_visible()
    expect(page.get_by_test_id("quote-total")).to_have_text("$1,303.92")
    page.get_by_role("button", name="Remove shift 2").click()
    expect(page.get_by_test_id("quote-total")).to_have_text("$651.96")
    page.get_by_label("Post orders and instructions").fill("Front door. No re-entry after 9 PM.")
    shot(page, "request")

    page.get_by_role("button", name="Send request").last.click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_role("heading", name="Gallery opening")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Requested")
    expect(page.get_by_text("$651.96").first).to_be_visible()
    shot(page, "job-requested")

    page.get_by_role("link", name="My jobs").first.click()
    expect(page.get_by_role("link", name="Gallery opening")).to_be_visible()
    shot(page, "my-jobs")


def _approved_asheville_job():
    from accounts.models import User
    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs import services
    from tests.jobs.helpers import request_job

    day = local_day(10, "America/New_York")
    with scopes_disabled():
        job = request_job(
            actor=User.objects.get(email="customer@acme.demo"),
            organization=CustomerOrganization.objects.get(name="Acme Events"),
            agency=Agency.objects.get(slug="asheville"),
            title="Spring market",
            category="event_security",
            address="1 Pack Square, Asheville NC",
            site_contact_name="Sam Ortiz",
            site_contact_phone="(828) 555-0188",
            post_orders="Watch the north gate. Vendors unload before 9 AM.",
            shifts=[{"starts_at": f"{day}T10:00:00", "ends_at": f"{day}T18:00:00", "officers": 2}],
        )
        services.approve_job(job, actor=User.objects.get(email="coordinator@asheville.demo"))
    return job


def test_cancel_shows_the_charge_before_confirming_odm_cancel_1(page, live_server, seeded):
    """Asheville, 2 officers x 8 h, approved, more than 48 h out: $108.00 (ODM-CANCEL-1)."""
    job = _approved_asheville_job()
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/{job.pk}/")
    expect(page.locator(".coordinator")).to_contain_text("Owen Buckner")
    shot(page, "job-approved")
    page.get_by_role("link", name="Cancel or reduce").click()
    expect(page.get_by_test_id("charge-total").first).to_have_text("$108.00")
    shot(page, "cancel")
    page.locator("#id_cancel-reason").fill("The market moved indoors.")
    page.get_by_role("button", name=re.compile("Cancel the job")).click()
    page.wait_for_url(re.compile(rf"/jobs/{job.pk}/$"))
    expect(page.get_by_text("Charge: $108.00")).to_be_visible()
    expect(page.locator(".job-title-row .status")).to_have_text("Cancelled")
    shot(page, "job-cancelled")


def test_a_prohibited_category_is_refused_with_the_reason_odm_prohib_1(page, live_server, seeded):
    """ODM-PROHIB-1."""
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/new/?agency=asheville")
    page.get_by_label("Title").fill("Past-due accounts")
    page.get_by_label("Site address").fill("12 Biltmore Ave, Asheville NC")
    page.get_by_label("Kind of work").select_option("collections")
    expect(page.locator("#category_error")).to_contain_text("may not serve process")
    page.get_by_role("button", name="Send request").last.click()
    expect(page.locator("#category_error")).to_contain_text("may not serve process")
    assert "/jobs/new/" in page.url
    shot(page, "prohibited")


def test_short_notice_is_warned_before_submitting_nopd_lead_1(page, live_server, seeded):
    """NOPD-LEAD-1."""
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/jobs/new/?agency=nopd")
    expect(page.locator(".warnings")).to_have_count(0)
    page.locator("#shift-0-date").fill(local_day(2))
    expect(page.locator("#quote-result .warnings")).to_contain_text("Short notice")
    expect(page.locator("#quote-result")).to_contain_text("coordinator must approve")
    shot(page, "short-notice")

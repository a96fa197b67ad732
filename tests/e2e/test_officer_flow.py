"""Browser test of the officer flow (issue 4 acceptance), at a phone's width (375 px):
job board -> claim -> schedule -> check in (with the browser's location) -> a field note with a
photo -> the customer sees the note and the photo on their job page (ODM-PORTAL-1).

Each step's page is checked as it is (tests/e2e/pagecheck.py); screenshots: var/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.pagecheck import check_here
from tests.officer_pages.helpers import png_bytes
from tests.officers.helpers import book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "detailhire-demo"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def demo_job(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, no_jobs=True)
    start = (timezone.now() + timedelta(minutes=40)).replace(second=0, microsecond=0)
    return book(
        "Bourbon St storefront",
        shifts=((start, start + timedelta(hours=4), 1),),
        post_orders="Stand at the front door. Keep the sidewalk clear for the evening crowd.",
        site_contact_name="Ms. Landry",
        site_contact_phone="(504) 555-0142",
        tier="3",
    )


def shot(page, name: str) -> None:
    check_here(page, f"officer-{name}")


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("^E-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("^Password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()


def test_board_claim_schedule_check_in_note_photo_customer_sees_it(
    browser, live_server, demo_job, tmp_path
):
    base = live_server.url
    officer_context = browser.new_context(
        viewport=PHONE,
        geolocation={"latitude": 29.95107, "longitude": -90.07153},
        permissions=["geolocation"],
    )
    page = officer_context.new_page()
    log_in(page, base, "officer1@nopd.demo")

    # the job board: the detail with the officer's pay, then claim it
    page.goto(f"{base}/officer/board/")
    card = page.locator("li.job-card", has_text="Bourbon St storefront")
    expect(card).to_be_visible()
    expect(card.locator(".pay-rate")).to_have_text("$46.33")  # Tier 3, Police Officer
    shot(page, "board")
    card.get_by_role("button", name=re.compile("^Claim")).click()
    expect(page.get_by_text("Claimed. The detail is on your schedule.")).to_be_visible()

    # the schedule lists it, with the calendar link
    page.goto(f"{base}/officer/schedule/")
    expect(page.get_by_role("link", name="Bourbon St storefront")).to_be_visible()
    expect(page.get_by_label("Your private calendar link")).to_have_value(
        re.compile(r"/officer/ical/[\w-]{40,}\.ics$")
    )
    shot(page, "schedule")

    # check in from the assignment page (the browser's location goes with it)
    page.get_by_role("link", name="Bourbon St storefront").click()
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Checked in.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Check out")).to_be_visible()

    # a field note with a photo
    photo = tmp_path / "door.png"
    photo.write_bytes(png_bytes(320, 200, (30, 90, 200)))
    note = page.get_by_role("textbox", name=re.compile("^Note"))
    note.fill("On post at the front door. Sidewalk clear.")
    page.get_by_label("Photo or PDF").set_input_files(str(photo))
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Note saved.")).to_be_visible()
    note_photo = page.locator(".note-photo img").first
    expect(note_photo).to_be_visible()
    assert loaded_width(page, note_photo) == 320
    photo_url = base + note_photo.get_attribute("src")
    shot(page, "assignment")
    officer_context.close()

    # the customer sees the attendance, the note and the photo on their job page
    customer_context = browser.new_context(viewport=PHONE)
    customer = customer_context.new_page()
    log_in(customer, base, "customer@acme.demo")
    customer.goto(f"{base}/jobs/{demo_job.pk}/")
    expect(customer.get_by_text("Bourbon St storefront").first).to_be_visible()
    expect(customer.get_by_text("On post at the front door. Sidewalk clear.")).to_be_visible()
    image = customer.locator(".note-photo img").first
    expect(image).to_be_visible()
    assert loaded_width(customer, image) == 320
    attendance = customer.locator("section[aria-labelledby=attendance-title]")
    expect(attendance).to_contain_text("Officer")
    expect(attendance).not_to_contain_text("appear here once they record them")
    shot(customer, "customer-job")
    # the photo itself is served only through the access-checked URL
    response = customer.goto(photo_url)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    customer_context.close()

    # the coordinator's pages: officers (with the invitation form) and attendance
    staff_context = browser.new_context(viewport=PHONE)
    staff = staff_context.new_page()
    log_in(staff, base, "coordinator@nopd.demo")
    staff.goto(f"{base}/staff/officers/")
    expect(staff.get_by_role("heading", name="Invite an officer")).to_be_visible()
    shot(staff, "staff-officers")
    staff.goto(f"{base}/staff/attendance/")
    expect(staff.get_by_role("heading", name="Late and missing check-ins")).to_be_visible()
    shot(staff, "staff-attendance")
    staff_context.close()


def loaded_width(page, image) -> int:
    """The image's own width once the browser has finished loading it (visible is not loaded)."""
    handle = image.element_handle()
    page.wait_for_function("(img) => img.complete", arg=handle)
    return page.evaluate("(img) => img.naturalWidth", handle)

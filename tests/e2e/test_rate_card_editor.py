"""Browser test of the rate-card editor (issue 13 acceptance), at 1280 and 375 px: an agency admin
edits a tier rate, adds a holiday and a work category not allowed in a draft, sees the preview
with old and new totals, publishes it effective next month; the public rates page shows both
versions; a quote for a date after the effective date uses the new rate, one before it the old;
a booked job keeps its price.

Screenshots: artifacts/screenshots/ratecard-<width>-*.png."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from agencies import ratecards
from agencies.models import Agency
from tests.e2e.test_officer_flow import log_in
from tests.officers.helpers import book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, width: int, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ratecard-{width}-{name}.png"), full_page=True)


def first_of_next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


@pytest.mark.parametrize("width", [1280, 375])
def test_admin_edits_previews_and_publishes_a_card(browser, live_server, settings, width):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, no_jobs=True)
    agency = Agency.objects.get(slug="nopd")
    zone = ZoneInfo(agency.time_zone)
    today = timezone.now().astimezone(zone).date()
    effective = first_of_next_month(today)
    old_card = ratecards.current_card(agency)
    tier3 = next(
        i
        for i, r in enumerate(old_card.rates)
        if (r.rank, r.tier, r.category, r.job_type) == ("officer", "3", "regular", "hourly")
    )
    old_pay = old_card.rates[tier3].officer_pay
    new_pay = old_pay + Decimal("10.00")
    # a job booked now, for a shift after the effective date: it keeps its price
    booked_start = datetime_at(effective + timedelta(days=9), 18, zone)
    booked = book(
        "Booked before", ((booked_start, booked_start + timedelta(hours=4), 1),), tier="3"
    )
    booked_total = booked.total

    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, base, "admin@nopd.demo")

    page.get_by_role("link", name="Agency admin").first.click()
    expect(page.get_by_role("heading", name="Agency admin")).to_be_visible()
    page.get_by_role("link", name="Rate card versions").click()
    page.get_by_role("button", name=re.compile("^Start a draft")).click()
    expect(page.get_by_role("heading", name="Rate card draft")).to_be_visible()

    # the tier rate
    rates = page.locator("section#rates")
    rates.locator(f"#id_rates-rate_{tier3}").fill(str(new_pay))
    rates.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_text("Officer pay per hour: saved in the draft.")).to_be_visible()

    # a holiday
    calendar = page.locator("section#calendar")
    holiday_rule = next(i for i, rule in enumerate(old_card.calendar) if rule.code == "holiday")
    calendar.get_by_label("Add to").select_option(str(holiday_rule))
    calendar.get_by_label("Name of the date").fill("City anniversary")
    calendar.get_by_label("First day").fill((effective + timedelta(days=20)).isoformat())
    calendar.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_text("Holidays and high-demand dates: saved in the draft.")).to_be_visible()

    # the catalogue: a work category customers may not ask for, with the reason they see
    work = page.locator("section#work_categories")
    work.get_by_label(re.compile("^Add a work category: name")).fill("Repossession")
    work.get_by_label("The new category is not allowed", exact=True).check()
    work.get_by_label(re.compile("^Reason shown to customers")).fill(
        "Officers may not assist in repossessions."
    )
    work.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_text("Work categories: saved in the draft.")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, width, "draft")

    # the preview: old and new totals side by side, the change marked
    page.get_by_role("link", name=re.compile("^Preview the draft")).click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    changed = page.locator("table.preview-table tr.changed").first
    expect(changed).to_be_visible()
    expect(changed.locator(".diff")).to_contain_text("+")
    no_horizontal_scroll(page)
    shot(page, width, "preview")

    # publish from the first of next month
    page.get_by_label("In force from").first.fill(effective.isoformat())
    page.get_by_role("button", name="Publish").first.click()
    expect(page.get_by_text(re.compile(r"^Version \d+ published"))).to_be_visible()
    expect(page.locator("table").get_by_text("Future")).to_be_visible()
    shot(page, width, "versions")

    # the public rates page shows both versions
    page.goto(f"{base}/a/nopd/rates/")
    expect(
        page.get_by_role("heading", name=f"From {effective:%B} {effective.day}, {effective.year}")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Rates in force now")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, width, "rates")

    # quotes: after the effective date the new rate, before it the old
    after = quote_total(page, base, effective + timedelta(days=7), zone)
    before = quote_total(page, base, effective - timedelta(days=1), zone)
    assert after - before == (new_pay - old_pay) * 4
    # the booked job keeps its price
    booked.refresh_from_db()
    assert booked.total == booked_total
    context.close()


def datetime_at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def quote_total(page, base: str, day: date, zone: ZoneInfo) -> Decimal:
    start = datetime_at(day, 18, zone)
    response = page.request.post(
        f"{base}/api/v1/agencies/nopd/quotes/",
        data={
            "shifts": [
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=4)).isoformat(),
                    "officers": 1,
                }
            ],
            "tier": "3",
        },
    )
    assert response.ok, response.text()
    return Decimal(response.json()["total"])


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"

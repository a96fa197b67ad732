"""Browser test of the coordinator's desk (issue 12 acceptance), at 1280 and 375 px: the
coordinator lands on the dashboard, approves a short-notice request from the queue, substitutes
an officer (NOPD-SUB-1), cancels another job for police necessity with no charge
(NOPD-CANCEL-1) and reads the agency log (PLAT-AUDIT-1). No page scrolls sideways.

Screenshots: artifacts/screenshots/desk-<width>-*.png."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from jobs.models import Job, JobChange
from tests.e2e.test_officer_flow import log_in
from tests.officer_pages.helpers import claimed
from tests.officers.helpers import book, officer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SIZES = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


@pytest.fixture
def desk_jobs(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, no_jobs=True)
    soon = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    later = soon + timedelta(days=3)
    return {
        "request": book(
            "Short notice gate", ((soon, soon + timedelta(hours=4), 1),), approve=False
        ),
        "held": claimed("Warehouse gate", shifts=((later, later + timedelta(hours=6), 1),)),
        "cancel": book("Parade corner", ((later, later + timedelta(hours=4), 2),)),
    }


def sideways(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def shot(page, width: str, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"desk-{width}-{name}.png"), full_page=True)
    assert sideways(page) == 0, f"{name} scrolls sideways at {width} px"


@pytest.mark.parametrize("width", list(SIZES))
def test_coordinator_runs_the_desk_nopd_sub_1_nopd_cancel_1(browser, live_server, desk_jobs, width):
    base = live_server.url
    context = browser.new_context(viewport=SIZES[width])
    page = context.new_page()
    log_in(page, base, "coordinator@nopd.demo")

    # lands on the desk; the short-notice request leads the queue
    expect(page).to_have_url(f"{base}/staff/")
    expect(page.get_by_role("heading", name="Coordinator's desk")).to_be_visible()
    first = page.locator("li.attention-row").first
    expect(first).to_contain_text("Request: Short notice gate")
    expect(first).to_contain_text("left")
    shot(page, width, "dashboard")
    first.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved: the positions are posted to officers.")).to_be_visible()

    # substitute the officer on another job
    held = desk_jobs["held"]
    job_id = held.position.shift.job_id
    page.goto(f"{base}/jobs/{job_id}/")
    form = page.locator("form", has=page.get_by_role("button", name="Substitute")).first
    form.get_by_label("Officer").select_option(value=str(officer(2).pk))
    form.get_by_role("button", name="Substitute").click()
    expect(page.get_by_text(re.compile("replaces"))).to_be_visible()
    shot(page, width, "job-substituted")

    # cancel another job for police necessity: no charge
    cancel = desk_jobs["cancel"]
    page.goto(f"{base}/jobs/{cancel.pk}/")
    page.get_by_role("link", name="Change the schedule or cancel").click()
    page.get_by_label(re.compile("^Police necessity")).check()
    page.get_by_label(re.compile("^Reason")).first.fill("Officers needed for a city emergency.")
    shot(page, width, "cancel")
    page.get_by_role("button", name=re.compile("^Cancel the job")).click()
    expect(page.get_by_text(re.compile("police necessity: no charge"))).to_be_visible()
    with scopes_disabled():
        assert Job.objects.get(pk=cancel.pk).status == Job.Status.CANCELLED
        change = JobChange.objects.get(job_id=cancel.pk)
        assert change.police_necessity and change.charge_total == 0 and change.refund_due

    # the agency log shows what happened, with who did it
    page.goto(f"{base}/staff/log/")
    expect(page.get_by_role("heading", name="Agency log")).to_be_visible()
    table = page.locator("table.log-table")
    expect(table).to_contain_text(f"#{cancel.pk}")
    page.get_by_label("Job #").fill(str(cancel.pk))
    page.get_by_role("button", name="Filter").click()
    expect(table.locator("tbody tr").first).to_contain_text("cancel", ignore_case=True)
    shot(page, width, "log")

    page.goto(f"{base}/staff/reports/")
    expect(page.get_by_role("heading", name="Revenue, officer pay and admin fees")).to_be_visible()
    shot(page, width, "reports")
    context.close()

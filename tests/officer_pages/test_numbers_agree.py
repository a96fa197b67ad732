"""What an officer's pages say agrees with what the detail pays: a holiday shift shows the tier
it is priced at (the holiday minimum, NOPD-HOL-1), on the board, the assignment page, the API and
the calendar feed; a cancelled assignment is neither responsible on site nor shows pay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled
from icalendar import Calendar

from jobs.services import cancel_job
from officers.models import Assignment, IcalFeed
from tests.fixtures import client_for as api_client_for
from tests.officer_pages.helpers import claimed, client_for
from tests.officers.helpers import book, local, officer, user

pytestmark = pytest.mark.usefixtures("demo")

MEMORIAL_DAY = local(2027, 5, 31, 8)  # a designated NOPD holiday


def test_a_holiday_shift_shows_the_tier_it_pays_on_every_officer_page_nopd_hol_1():
    """NOPD-HOL-1: requested at Tier 2+, priced at the holiday minimum, Tier 3 ($46.33/h)."""
    book("Memorial Day parade", shifts=((MEMORIAL_DAY, MEMORIAL_DAY + timedelta(hours=4), 1),))
    board = client_for("officer1@nopd.demo").get("/officer/board/").content.decode()
    assert "$46.33" in board
    assert "<li>Tier 3</li>" in board and "Tier 2+" not in board

    api = api_client_for(user("officer1@nopd.demo")).get("/api/v1/positions/open/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [(row["tier"], row["officer_pay_rate"]) for row in rows] == [("3", "46.33")]

    assignment = claimed(
        "Memorial Day parade",
        shifts=((MEMORIAL_DAY, MEMORIAL_DAY + timedelta(hours=4), 1),),
        email="officer2@nopd.demo",
    )
    client = client_for("officer2@nopd.demo")
    page = client.get(f"/officer/assignments/{assignment.pk}/").content.decode()
    assert "<dt>Tier</dt><dd>Tier 3</dd>" in page and "Tier 2+" not in page

    client.get("/officer/schedule/")  # the calendar link is made on the schedule
    with scopes_disabled():
        token = IcalFeed.objects.get(officer=officer(2)).token
    client.logout()
    feed = client.get(f"/officer/ical/{token}.ics")
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert "Tier 3," in str(event["DESCRIPTION"]) and "Tier 2+" not in str(event["DESCRIPTION"])


def test_a_cancelled_assignment_is_not_responsible_and_shows_no_pay():
    assignment = claimed("Warehouse gate")
    assert assignment.responsible
    job = assignment.position.shift.job
    cancel_job(job, actor=user("customer@acme.demo"), reason="The event moved indoors.")
    with scopes_disabled():
        assignment.refresh_from_db()
    assert assignment.state == Assignment.State.CANCELLED
    assert not assignment.responsible

    page = client_for("officer1@nopd.demo").get(f"/officer/assignments/{assignment.pk}/")
    html = page.content.decode()
    assert "Cancelled" in html and "responsible on site" not in html.lower()
    assert "$37.00" not in html and "$296.00" not in html
    assert "Not paid: the detail was cancelled." in html

    customer = client_for("customer@acme.demo").get(f"/jobs/{job.pk}/").content.decode()
    assert "Responsible on site" not in customer


def test_the_job_page_shows_the_tier_a_holiday_priced_nopd_hol_1():
    """NOPD-HOL-1: the customer chose Tier 2+; Memorial Day prices it at Tier 3, and the job page
    says so instead of "Tier 2+" alone."""
    job = book(
        "Memorial Day parade", shifts=((MEMORIAL_DAY, MEMORIAL_DAY + timedelta(hours=4), 1),)
    )
    for email in ("customer@acme.demo", "coordinator@nopd.demo"):
        html = client_for(email).get(f"/jobs/{job.pk}/").content.decode()
        assert "Police Officer · Tier 3 (Tier 2+ chosen; a holiday or high-demand" in html, email
    plain = book("Warehouse gate")
    html = client_for("customer@acme.demo").get(f"/jobs/{plain.pk}/").content.decode()
    assert "Police Officer · Tier 2+</dd>" in html

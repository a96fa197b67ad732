"""The job page (ODM-PORTAL-1, NOPD-COORD-1) and My jobs: what the owner sees, who else may see
it (nobody outside the organization and the agency), the coordinator's approve and deny, and a
constant number of queries whatever the numbers of jobs, shifts and officers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from jobs.models import Job, Position
from officers.models import Assignment
from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import field_error, text_of

pytestmark = pytest.mark.django_db


def fill(job: Job, officers) -> list[Assignment]:
    """Assign ``officers`` to the job's positions in order (test data, as the claim service
    leaves it), the first in charge."""
    made = []
    with scopes_disabled():
        positions = list(Position.objects.filter(shift__job=job).order_by("shift__index", "index"))
        for k, (position, officer) in enumerate(zip(positions, officers, strict=False)):
            shift = position.shift
            made.append(
                Assignment.objects.create(
                    position=position,
                    officer=officer,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    responsible=k == 0,
                )
            )
            position.status = Position.Status.FILLED
            position.save(update_fields=["status"])
    return made


def test_the_owner_sees_status_shifts_officers_contacts_and_price_odm_portal_1(demo, clock):
    """ODM-PORTAL-1 and NOPD-COORD-1: status and timeline, shifts, officers with rank, the one in
    charge, the coordinator's phone, the agency's numbers, post orders, attendance, the price."""
    job = make_job(demo, approve=True, post_orders="Watch the north gate.")
    officers = [demo.officer("officer1@asheville.demo"), demo.officer("officer2@asheville.demo")]
    first, _second = fill(job, officers)
    with scopes_disabled():
        first.checked_in_at = job.starts_at + timedelta(minutes=-5)
        first.save(update_fields=["checked_in_at"])
    response = browser_client(demo.customer).get(f"/jobs/{job.pk}/")
    assert response.status_code == 200
    body = text_of(response)
    assert "Spring market" in body and "Approved" in body
    assert "Wed Mar 10, 10:00 AM-6:00 PM EST" in body
    assert officers[0].user.display_name in body and "In charge on site" in body
    assert "Police Officer" in body
    assert "Owen Buckner" in body  # the coordinator, with a direct line
    assert "(828) 259-5812" in body
    assert "1-877-636-8300" in body  # the agency's 24/7 toll-free number (ODM-CONTACT-1)
    assert "Watch the north gate." in body
    assert "Wed Mar 10, 9:55 AM EST" in body  # the check-in, agency time
    assert "$828.00" in body and "ODM-RATE-1" in body
    assert "Approved by Owen Buckner" in body  # the timeline, in words
    assert "Balance due $828.00" in body  # invoiced at approval (a prepay card)


def test_nopd_job_page_shows_the_office_and_after_hours_numbers_nopd_coord_1(demo, clock):
    """NOPD-COORD-1."""
    job = make_job(
        demo, agency="nopd", start="2027-04-07T18:00:00", end="2027-04-07T22:00:00", approve=True
    )
    body = text_of(browser_client(demo.customer).get(f"/jobs/{job.pk}/"))
    assert "504 658-8757" in body and "504 906-9992" in body
    assert "Tier 3" in body


def test_another_organizations_job_is_404_plat_tenant_1(demo, clock):
    """PLAT-TENANT-1."""
    job = make_job(demo, approve=True)
    client = browser_client(demo.bistro_customer)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/cancel/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/jobs/{job.pk}/cancel/", {"action": "cancel"}).status_code == 404
    assert "Spring market" not in text_of(client.get("/jobs/"))
    other_agency = browser_client(demo.coordinator("nopd"))
    assert other_agency.get(f"/jobs/{job.pk}/").status_code == 404
    assert other_agency.post(f"/jobs/{job.pk}/approve/").status_code == 404


def test_officers_and_strangers_do_not_see_job_pages(demo, clock, outsider, client):
    job = make_job(demo)
    officer = browser_client(demo.user("officer1@asheville.demo"))
    assert officer.get(f"/jobs/{job.pk}/").status_code == 403
    assert officer.get("/jobs/").status_code == 403
    assert browser_client(outsider).get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 302  # anonymous: to the login page


def test_the_coordinator_approves_from_the_job_page(demo, clock):
    job = make_job(demo)
    staff = browser_client(demo.coordinator("asheville"))
    page = text_of(staff.get(f"/jobs/{job.pk}/"))
    assert "Approve and post" in page and "Deny" in page
    assert "Approve and post" not in text_of(browser_client(demo.customer).get(f"/jobs/{job.pk}/"))
    assert browser_client(demo.customer).post(f"/jobs/{job.pk}/approve/").status_code == 403
    response = staff.post(f"/jobs/{job.pk}/approve/")
    assert response.status_code == 302
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.APPROVED
    assert job.coordinator == demo.coordinator("asheville")


def test_denying_needs_a_reason_the_customer_reads(demo, clock):
    job = make_job(demo)
    staff = browser_client(demo.coordinator("asheville"))
    response = staff.post(f"/jobs/{job.pk}/deny/", {"reason": "  "})
    assert response.status_code == 400
    assert "say why" in field_error(response, "id_reason").lower()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.REQUESTED
    assert (
        browser_client(demo.customer).post(f"/jobs/{job.pk}/deny/", {"reason": "x"}).status_code
        == 403
    )
    staff.post(f"/jobs/{job.pk}/deny/", {"reason": "No officers free that weekend."})
    body = text_of(browser_client(demo.customer).get(f"/jobs/{job.pk}/"))
    assert "The agency declined this request." in body
    assert "No officers free that weekend." in body


def test_my_jobs_upcoming_past_filter_and_search(demo, clock):
    make_job(demo, title="Spring market")
    make_job(
        demo,
        title="Farmers market",
        start="2027-03-17T10:00:00",
        end="2027-03-17T18:00:00",
        approve=True,
    )
    make_job(demo, title="Bistro night", user=demo.bistro_customer, organization=demo.bistro)
    clock.move_to("2027-03-12T12:00:00Z")  # the first is over, the second ahead
    client = browser_client(demo.customer)
    upcoming = text_of(client.get("/jobs/"))
    assert "Farmers market" in upcoming and "Spring market" not in upcoming
    assert "Bistro night" not in upcoming
    assert "Wed Mar 17, 10:00 AM-6:00 PM EDT" in upcoming
    past = text_of(client.get("/jobs/?tab=past"))
    assert "Spring market" in past and "Farmers market" not in past
    assert "Farmers market" in text_of(client.get("/jobs/?status=approved"))
    assert "Farmers market" not in text_of(client.get("/jobs/?status=requested"))
    assert "Farmers market" not in text_of(client.get("/jobs/?q=bistro"))
    assert "Spring market" in text_of(client.get("/jobs/?tab=past&q=pack+square"))
    assert client.get("/jobs/?status=nonsense&tab=nonsense").status_code == 200


def test_staff_see_their_agencys_jobs(demo, clock):
    make_job(demo, title="Spring market")
    make_job(
        demo,
        agency="nopd",
        title="Gallery night",
        start="2027-04-07T18:00:00",
        end="2027-04-07T22:00:00",
    )
    body = text_of(browser_client(demo.coordinator("asheville")).get("/jobs/"))
    assert "Spring market" in body and "Acme Events" in body
    assert "Gallery night" not in body


# --- a constant number of queries ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


_DAYS = iter(range(0, 400, 7))


def _busy_job(demo, shifts: int, officers: int) -> Job:
    """A job of ``shifts`` shifts of ``officers`` each, every position held and checked in; each
    call a week later than the last, so no officer works two overlapping shifts."""
    first = date(2027, 3, 10) + timedelta(days=next(_DAYS))
    days = [first + timedelta(days=k) for k in range(shifts)]
    rows = [
        {"starts_at": f"{day}T10:00:00", "ends_at": f"{day}T18:00:00", "officers": officers}
        for day in days
    ]
    job = make_job(demo, shifts=rows, approve=True)
    people = [demo.officer(f"officer{n}@asheville.demo") for n in range(1, officers + 1)]
    with scopes_disabled():
        for shift in job.shifts.all():
            for position, officer in zip(shift.positions.order_by("index"), people, strict=False):
                Assignment.objects.create(
                    position=position,
                    officer=officer,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    checked_in_at=shift.starts_at,
                )
    return job


def test_the_job_page_runs_a_constant_number_of_queries(demo, clock, django_assert_max_num_queries):
    small = _busy_job(demo, shifts=1, officers=1)
    big = _busy_job(demo, shifts=6, officers=5)
    client = browser_client(demo.customer)
    few = _queries(client, f"/jobs/{small.pk}/")
    many = _queries(client, f"/jobs/{big.pk}/")
    assert few == many
    with django_assert_max_num_queries(20):
        client.get(f"/jobs/{big.pk}/")


def test_my_jobs_runs_a_constant_number_of_queries(demo, clock, django_assert_max_num_queries):
    client = browser_client(demo.customer)
    _busy_job(demo, shifts=1, officers=1)
    few = _queries(client, "/jobs/")
    for _ in range(6):
        _busy_job(demo, shifts=3, officers=4)
    many = _queries(client, "/jobs/")
    assert few == many
    with django_assert_max_num_queries(12):
        client.get("/jobs/")


def test_the_job_page_and_the_list_count_the_same_officers_nopd_sup_1(demo, clock):
    """NOPD-SUP-1: 6 officers at once need a sergeant on top: 7 on the job page and the list."""
    job = make_job(
        demo, agency="nopd", officers=6, start="2027-04-07T18:00:00", end="2027-04-07T22:00:00"
    )
    client = browser_client(demo.customer)
    assert "7 officers, incl. 1 supervisor · 0 of 7 filled" in text_of(
        client.get(f"/jobs/{job.pk}/")
    )
    assert "7 officers" in text_of(client.get("/jobs/"))

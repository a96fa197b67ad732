"""The job request page and the jobs list never answer 500 to bad input (PLAT-LIMIT-1): dates
near the calendar's limits, huge officer counts and NUL bytes are refused next to their field,
and nothing is saved."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from detailhire.limits import limit
from jobs.models import Job
from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import error_text, job_count, nopd_form, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "slot", "words"),
    [
        ("shift-0-date", "9999-12-31", "shift-0-date", "years ahead"),
        ("shift-0-date", "0001-01-01", "shift-0-date", "long past"),
        ("shift-0-date", "2027-04-07\x00", "shift-0-date", "yyyy-mm-dd"),
        ("shift-0-start", "\x00", "shift-0-start", "start time"),
        ("shift-0-officers", str(10**24), "shift-0-officers", "officers"),
        ("shift-0-officers", "40000", "shift-0-officers", "at most"),
        ("shift-0-officers", "2\x00", "shift-0-officers", "number"),
        ("title", "Gallery\x00", "title", "null characters"),
        ("address", "\x00", "address", "null characters"),
        ("category", "event\x00", "category", "null characters"),
        ("post_orders", "\x00", "post_orders", "null characters"),
        ("repeat_weeks", "9" * 30, "repeat_weeks", "weekly repeat"),
        ("preferred_officers", "9" * 30, "preferred_officers", "preferred officers"),
        ("job_type", "hourly\x00", "job_type", "job type"),
        ("rank", "\x00", "rank", "rank"),
    ],
)
def test_bad_values_are_named_next_to_their_field_and_save_nothing_plat_limit_1(
    demo, clock, field, value, slot, words
):
    """PLAT-LIMIT-1."""
    client = browser_client(demo.customer)
    before = job_count()
    response = client.post("/jobs/new/", nopd_form(**{field: value}))
    assert response.status_code == 400
    assert words in error_text(response, slot).lower()
    assert job_count() == before
    live = client.post("/jobs/new/preview/", nopd_form(**{field: value}), HTTP_HX_REQUEST="true")
    assert live.status_code == 200


def test_the_officer_limit_is_named_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1: the message names the site's bound."""
    most = limit("officers_per_shift")
    response = browser_client(demo.customer).post(
        "/jobs/new/", nopd_form(**{"shift-0-officers": str(most + 1)})
    )
    assert response.status_code == 400
    assert str(most) in error_text(response, "shift-0-officers")


@pytest.mark.parametrize(
    "changes",
    [
        {"shift_count": "9" * 40},
        {"agency": "nopd\x00"},
        {"action": "add_shift", "shift-0-date": "9999-12-31"},
        {"idempotency_key": "\x00"},
    ],
)
def test_odd_request_values_never_answer_500_plat_limit_1(demo, clock, changes):
    """PLAT-LIMIT-1."""
    client = browser_client(demo.customer)
    before = job_count()
    for url in ("/jobs/new/", "/jobs/new/preview/"):
        assert client.post(url, nopd_form(**changes)).status_code in (200, 400, 404)
    assert client.get("/jobs/new/", {"agency": "nopd\x00"}).status_code == 404
    assert job_count() == before


@pytest.mark.parametrize("organization", ["9" * 40, "\x00", "-1"])
def test_an_organization_not_the_callers_is_never_used(demo, clock, organization):
    """PLAT-LIMIT-1 and PLAT-TENANT-1: an odd or foreign organization id books for the caller's
    own organization, never a 500."""
    response = browser_client(demo.customer).post(
        "/jobs/new/", nopd_form(organization=organization)
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Job.objects.get().organization == demo.acme


@pytest.mark.parametrize(
    ("query", "slot"),
    [
        ({"q": "market\x00"}, "q"),
        ({"q": "x" * 5000}, "q"),
        ({"status": "approved\x00"}, "status"),
        ({"status": "nonsense"}, "status"),
    ],
)
def test_bad_list_filters_are_named_and_the_list_still_shows_plat_limit_1(demo, clock, query, slot):
    """PLAT-LIMIT-1: a filter value the list cannot use is named next to its field; the list
    shows what the other filters select."""
    make_job(demo, title="Spring market")
    response = browser_client(demo.customer).get("/jobs/", {**query, "tab": "upcoming"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="{slot}_error"' in body
    assert "Spring market" in text_of(response)
    message = body.split(f'id="{slot}_error"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert message.strip()


@pytest.mark.parametrize("query", [{"page": "9" * 40}, {"page": "\x00"}, {"tab": "\x00"}])
def test_odd_list_parameters_never_answer_500_plat_limit_1(demo, clock, query):
    """PLAT-LIMIT-1."""
    make_job(demo, title="Spring market")
    response = browser_client(demo.customer).get("/jobs/", query)
    assert response.status_code == 200
    assert "Spring market" in text_of(response)

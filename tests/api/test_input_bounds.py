"""PLAT-LIMIT-1: every input of the quote and jobs APIs is bounded, and nothing a caller sends
answers 500: dates near the calendar's limits, huge officer counts, deeply nested JSON, NUL
bytes, list pages past 2^63, more officers, shifts or positions than the site allows."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django_scopes import scopes_disabled

from jobs.models import Job
from tests.jobs import conftest as jobs_fixtures
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, job_count, nopd_body

pytestmark = pytest.mark.django_db

demo = jobs_fixtures.demo
clock = jobs_fixtures.clock

QUOTE = "/api/v1/agencies/nopd/quotes/"
JOBS = "/api/v1/jobs/"
SHIFT = {"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00", "officers": 2}


def quote(client, body) -> object:
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(QUOTE, data=raw, content_type="application/json")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def refused(response, field: str | None = None, words: str = "") -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    if field is not None:
        assert body["field"] == field, body
    assert words in body["detail"], body
    return body


# --- the public quote API ------------------------------------------------------------------------

BAD_QUOTES = [
    (
        "year 9999",
        {"shifts": [{**SHIFT, "starts_at": "9999-12-31T23:00:00"}]},
        "shifts[0].starts_at",
        "years ahead",
    ),
    (
        "year 9999 end",
        {"shifts": [{**SHIFT, "ends_at": "9999-12-31T23:59:59+14:00"}]},
        "shifts[0].ends_at",
        "years ahead",
    ),
    (
        "year 1 at +14:00",
        {"shifts": [{**SHIFT, "starts_at": "0001-01-01T00:00:00+14:00"}]},
        "shifts[0].starts_at",
        "before 2000",
    ),
    (
        "requested in 9999",
        {"requested_at": "9999-12-31T23:59:59-12:00", "shifts": [SHIFT]},
        "requested_at",
        "years ahead",
    ),
    (
        "10^24 officers",
        {"shifts": [{**SHIFT, "officers": 10**24}]},
        "shifts[0].officers",
        "at most 500",
    ),
    (
        "32,768 officers",
        {"shifts": [{**SHIFT, "officers": 32768}]},
        "shifts[0].officers",
        "at most 500",
    ),
    (
        "1 microsecond",
        {"shifts": [{**SHIFT, "ends_at": "2027-04-07T18:00:00.000001"}]},
        "shifts[0].ends_at",
        "15 minutes",
    ),
    ("101 shifts", {"shifts": [SHIFT] * 101}, "shifts", "at most 100 shifts"),
    ("NUL in job_type", {"shifts": [SHIFT], "job_type": "hour\x00ly"}, "job_type", ""),
    ("NUL in agency", {"shifts": [SHIFT], "agency": "no\x00pd"}, "agency", ""),
    (
        "NUL in a time",
        {"shifts": [{**SHIFT, "starts_at": "2027-04-07T18:00\x00"}]},
        "shifts[0].starts_at",
        "",
    ),
    ("a long code", {"shifts": [SHIFT], "rank": "x" * 65}, "rank", ""),
]


@pytest.mark.parametrize(
    ("label", "body", "field", "words"), BAD_QUOTES, ids=[b[0] for b in BAD_QUOTES]
)
def test_the_quote_api_refuses_what_is_out_of_bounds_plat_limit_1(
    demo, clock, client, label, body, field, words
):
    refused(quote(client, body), field, words)


def test_a_quote_body_nested_1000_deep_is_a_400_plat_limit_1(demo, clock, client):
    refused(quote(client, nested(1000)), "body", "nested too deeply")
    refused(quote(client, '{"shifts": ' + nested(1000) + "}"), "body")


def test_the_bounds_are_site_settings_plat_limit_1(demo, clock, client):
    with override_settings(DETAILHIRE_LIMITS={"officers_per_shift": 3}):
        refused(
            quote(client, {"shifts": [{**SHIFT, "officers": 4}]}), "shifts[0].officers", "at most 3"
        )
    assert quote(client, {"shifts": [{**SHIFT, "officers": 4}]}).status_code == 200


# --- the jobs API --------------------------------------------------------------------------------

BAD_JOBS = [
    (
        "year 9999",
        {"shifts": [{**SHIFT, "starts_at": "9999-12-31T23:00:00"}]},
        "shifts[0].starts_at",
    ),
    (
        "year 1 at +14:00",
        {"shifts": [{**SHIFT, "ends_at": "0001-01-01T00:00:00+14:00"}]},
        "shifts[0].ends_at",
    ),
    ("10^24 officers", {"shifts": [{**SHIFT, "officers": 10**24}]}, "shifts[0].officers"),
    ("32,768 officers", {"shifts": [{**SHIFT, "officers": 32768}]}, "shifts[0].officers"),
    ("officers as 1e24", {"shifts": [{**SHIFT, "officers": 1e24}]}, "shifts[0].officers"),
    (
        "1 microsecond",
        {"shifts": [{**SHIFT, "ends_at": "2027-04-07T18:00:00.000001"}]},
        "shifts[0].ends_at",
    ),
    ("101 shifts", {"shifts": [SHIFT] * 101}, "shifts"),
    ("NUL in agency", {"agency": "no\x00pd"}, "agency"),
    ("NUL in job_type", {"job_type": "hour\x00ly"}, "job_type"),
    ("NUL in the title", {"title": "Gala\x00"}, "title"),
    ("51 preferred officers", {"preferred_officers": list(range(1, 52))}, "preferred_officers"),
    ("an id past 2^31", {"organization": 2**63}, "organization"),
]


@pytest.mark.parametrize(("label", "changes", "field"), BAD_JOBS, ids=[b[0] for b in BAD_JOBS])
def test_the_jobs_api_refuses_what_is_out_of_bounds_plat_limit_1(
    demo, clock, label, changes, field
):
    refused(client_for(demo.customer).post(JOBS, nopd_body(**changes), format="json"), field)
    assert job_count() == 0


def test_a_job_body_nested_1000_deep_is_a_400_plat_limit_1(demo, clock):
    client = client_for(demo.customer)
    for raw in (nested(1000), '{"title": ' + nested(1000) + "}"):
        response = client.post(JOBS, data=raw, content_type="application/json")
        assert response.status_code == 400, response.content[:200]
    assert job_count() == 0


def test_positions_per_job_are_bounded_plat_limit_1(demo, clock):
    """5 shifts of 500 officers would be 2,500 positions (and more with supervisors): refused
    with the limit named, nothing saved."""
    shifts = [
        {
            "starts_at": f"2027-04-{d:02d}T10:00:00",
            "ends_at": f"2027-04-{d:02d}T14:00:00",
            "officers": 500,
        }
        for d in range(5, 10)
    ]
    body = refused(
        client_for(demo.customer).post(JOBS, asheville_body(shifts=shifts), format="json"),
        "shifts",
        "At most 2000 positions",
    )
    assert "2500" in body["detail"]
    assert job_count() == 0


def test_the_reduce_and_cancel_bodies_are_bounded_plat_limit_1(demo, clock):
    client = client_for(demo.customer)
    pk = client.post(JOBS, asheville_body(), format="json").json()["id"]
    for shifts, field in (
        ([{"index": 0, "ends_at": "9999-12-31T23:59:59"}], "shifts[0].ends_at"),
        ([{"index": 0, "ends_at": "0001-01-01T00:00:00+14:00"}], "shifts[0].ends_at"),
        ([{"index": 0, "officers": 10**24}], "shifts[0].officers"),
        ([{"index": 2**63}], "shifts[0].index"),
    ):
        refused(
            client.post(f"{JOBS}{pk}/reduce/", {"shifts": shifts, "reason": "x"}, format="json"),
            field,
        )
    refused(
        client.post(
            f"{JOBS}{pk}/cancel/", {"reason": "x", "expected_total": "1e400"}, format="json"
        ),
        "expected_total",
    )
    refused(client.post(f"{JOBS}{pk}/cancel/", {"reason": "x" * 2001}, format="json"), "reason")
    response = client.post(
        f"{JOBS}{pk}/cancel/", data=nested(1000), content_type="application/json"
    )
    assert response.status_code == 400


# --- the jobs list -------------------------------------------------------------------------------

BAD_LISTS = [
    ("limit past 2^63", {"limit": str(2**64)}, "limit"),
    ("offset past 2^63", {"offset": str(2**64)}, "offset"),
    ("limit above the page size", {"limit": "201"}, "limit"),
    ("negative offset", {"offset": "-1"}, "offset"),
    ("NUL in q", {"q": "gala\x00"}, "q"),
    ("q too long", {"q": "x" * 101}, "q"),
    ("NUL in status", {"status": "requested\x00"}, "status"),
    ("unknown status", {"status": "requested,lost"}, "status"),
    ("unknown when", {"when": "someday"}, "when"),
]


@pytest.mark.parametrize(("label", "params", "field"), BAD_LISTS, ids=[b[0] for b in BAD_LISTS])
def test_the_jobs_list_parameters_are_bounded_plat_limit_1(demo, clock, label, params, field):
    refused(client_for(demo.customer).get(JOBS, params), field)


def test_the_list_never_grows_with_a_jobs_positions_plat_limit_1(demo, clock):
    """List rows summarize shifts (officers, filled) without positions; the detail has them."""
    client = client_for(demo.customer)
    pk = client.post(JOBS, nopd_body(shifts=[{**SHIFT, "officers": 40}]), format="json").json()[
        "id"
    ]
    row = client.get(JOBS).json()["results"][0]
    assert row["id"] == pk
    assert "positions" not in row["shifts"][0]
    assert row["shifts"][0]["officers"] == 40 and row["shifts"][0]["filled"] == 0
    detail = client.get(f"{JOBS}{pk}/").json()
    with scopes_disabled():
        positions = Job.objects.get(pk=pk).shifts.get().positions.count()
    assert len(detail["shifts"][0]["positions"]) == positions >= 40


def test_the_list_filters_through_the_shared_filterset(demo, clock):
    client = client_for(demo.customer)
    client.post(JOBS, nopd_body(title="Gallery opening"), format="json")
    client.post(JOBS, asheville_body(title="Spring market"), format="json")
    found = client.get(
        JOBS, {"q": "market", "status": "requested", "when": "upcoming", "limit": "200"}
    )
    assert [row["title"] for row in found.json()["results"]] == ["Spring market"]
    assert client.get(JOBS, {"when": "past"}).json()["results"] == []

"""GET /api/v1/agencies/{slug}/ and POST /api/v1/agencies/{slug}/quotes/ (docs/api.md)."""

import json

import pytest
import time_machine
from rest_framework.test import APIClient

from agencies import ratecards

NOW = "2027-02-01T09:00:00-06:00"

API_MD_REQUEST = {
    "requested_at": "2027-02-01T09:00:00-06:00",
    "shifts": [
        {
            "starts_at": "2027-03-10T18:00:00-06:00",
            "ends_at": "2027-03-10T22:00:00-06:00",
            "officers": 2,
        }
    ],
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
}


@pytest.fixture
def client():
    """An anonymous client that enforces CSRF like a browser would: the public quote must not
    need a token."""
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def post_quote(client, slug, body):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        f"/api/v1/agencies/{slug}/quotes/", data=raw, content_type="application/json"
    )


# --- agency detail ------------------------------------------------------------------------------


def test_agency_detail_is_public_with_contact_numbers_ranks_and_tiers(cards, client):
    """NOPD-COORD-1: the office and after-hours numbers are shown; NOPD-TIER-1: tiers explained."""
    response = client.get("/api/v1/agencies/nopd/")
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "nopd"
    assert data["time_zone"] == "America/Chicago"
    assert data["currency"] == "USD"
    assert "658-8757" in data["office_phone"]
    assert "906-9992" in data["after_hours_phone"]
    assert [r["code"] for r in data["ranks"]] == ["officer", "sergeant", "lieutenant", "captain"]
    assert [t["code"] for t in data["tiers"]] == ["2+", "3", "4", "5"]
    assert all(t["description"] for t in data["tiers"]), "NOPD-TIER-1: every tier is explained"
    job_types = {j["code"]: j for j in data["job_types"]}
    assert job_types["hourly"]["pricing"] == "hourly"
    task = [j for j in data["job_types"] if j["pricing"] == "task"]
    assert task and all(j["example"] for j in task), "NOPD-TASK-1: example values are marked"
    assert data["minimum_hours"]
    assert data["notice"] and data["payment_terms"] and data["cancellation"]


def test_agency_detail_lists_categories_with_reasons_when_prohibited(cards, client):
    """ODM-PROHIB-1: prohibited categories carry the reason shown to customers."""
    data = client.get("/api/v1/agencies/asheville/").json()
    assert "1-877-636-8300" in data["toll_free_phone"].replace(" ", "-") or data["toll_free_phone"]
    categories = data["categories"]
    assert categories
    for category in categories:
        assert set(category) >= {"slug", "name", "prohibited", "needs_review"}
        if category["prohibited"]:
            assert category["reason"]
        else:
            assert "reason" not in category
    assert any(c["prohibited"] for c in categories)
    assert [r["code"] for r in data["ranks"]]
    assert data["tiers"] == []


def test_unknown_agency_is_404(cards, client):
    assert client.get("/api/v1/agencies/atlantis/").status_code == 404
    assert post_quote(client, "atlantis", API_MD_REQUEST).status_code == 404


# --- quotes ------------------------------------------------------------------------------------


def test_api_md_example_quote_is_434_64_for_anyone(cards, client):
    """ODM-QUOTE-1 (anyone can quote, no account, no CSRF token), NOPD-RATE-1, PLAT-QUOTE-1."""
    response = post_quote(client, "nopd", API_MD_REQUEST)
    assert response.status_code == 200, response.content
    quote = response.json()
    assert quote["currency"] == "USD"
    assert quote["total"] == "434.64"
    assert quote["officer_pay"] == "370.64"
    assert quote["admin_fee"] == "64.00"
    assert quote["billed_officer_hours"] == "8.00"
    assert quote["supervisors_required"] == 0
    [line] = quote["lines"]
    assert line["rate_name"] == "Tier 3"
    assert line["hours"] == "8.00"
    assert line["officers"] == 2
    assert line["officer_pay_rate"] == "46.33"
    assert line["admin_fee_rate"] == "8.00"
    assert line["amount"] == "434.64"
    assert "NOPD-RATE-1" in line["rules"]
    assert line["description"]


def test_quote_accepts_the_agency_field_when_it_matches(cards, client):
    response = post_quote(client, "nopd", {**API_MD_REQUEST, "agency": "nopd"})
    assert response.status_code == 200
    response = post_quote(client, "nopd", {**API_MD_REQUEST, "agency": "asheville"})
    assert response.status_code == 400
    assert response.json()["field"] == "agency"


def test_asheville_regular_rate_with_defaults(cards, client):
    """ODM-RATE-1: regular $51.75 per officer hour; rank and job type default."""
    shift = {"starts_at": "2027-03-10T08:00:00", "ends_at": "2027-03-10T12:00:00", "officers": 1}
    body = {"shifts": [shift]}
    quote = post_quote(client, "asheville", body).json()
    assert quote["total"] == "207.00"
    assert quote["lines"][0]["officer_pay_rate"] == "45.00"
    assert quote["lines"][0]["admin_fee_rate"] == "6.75"


def shift(**changes):
    return {**API_MD_REQUEST, "shifts": [{**API_MD_REQUEST["shifts"][0], **changes}]}


BAD = [
    ("end before start", shift(ends_at="2027-03-10T17:00:00-06:00"), "shifts[0].ends_at"),
    ("zero officers", shift(officers=0), "shifts[0].officers"),
    ("negative officers", shift(officers=-2), "shifts[0].officers"),
    ("officers not a number", shift(officers="two"), "shifts[0].officers"),
    ("unknown rank", {**API_MD_REQUEST, "rank": "chief"}, "rank"),
    ("unknown tier", {**API_MD_REQUEST, "tier": "9"}, "tier"),
    ("unknown job type", {**API_MD_REQUEST, "job_type": "juggling"}, "job_type"),
    (
        "start already past",
        shift(starts_at="2027-01-10T18:00:00-06:00", ends_at="2027-01-10T22:00:00-06:00"),
        "shifts[0].starts_at",
    ),
    ("shift too long", shift(ends_at="2027-03-11T20:00:00-06:00"), "shifts[0]"),
    ("malformed start", shift(starts_at="next Tuesday at six"), "shifts[0].starts_at"),
    ("malformed end", shift(ends_at="2027-03-10T25:00:00"), "shifts[0].ends_at"),
    ("no shifts", {**API_MD_REQUEST, "shifts": []}, "shifts"),
    ("shifts not a list", {**API_MD_REQUEST, "shifts": "tonight"}, "shifts"),
]


@pytest.mark.parametrize(("label", "body", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_quote_input_is_400_naming_the_field(cards, client, label, body, field):
    response = post_quote(client, "nopd", body)
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["field"].startswith(field), error
    assert error["detail"] and isinstance(error["detail"], str)
    assert error["errors"] == {error["field"]: [error["detail"]]}


RAW_BAD = [
    ("not json", b"shifts=1", "not valid JSON"),
    ("empty", b"", "empty"),
    ("a list", b"[1, 2]", "JSON object"),
    ("not utf-8", b"\xff\xfe{", "UTF-8"),
]


@pytest.mark.parametrize(("label", "raw", "words"), RAW_BAD, ids=[b[0] for b in RAW_BAD])
def test_malformed_body_is_400_naming_the_problem(cards, client, label, raw, words):
    response = post_quote(client, "nopd", raw)
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert words in response.json()["detail"]


def test_form_encoded_body_is_400_not_415(cards, client):
    response = client.post("/api/v1/agencies/nopd/quotes/", data={"shifts": "x"})
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_quote_costs_no_database_query_once_warm(cards, client, django_assert_max_num_queries):
    """The agency and its card come from the cache: a warm quote makes no query at all."""
    ratecards.clear_cache()
    assert post_quote(client, "nopd", API_MD_REQUEST).status_code == 200  # warm-up
    with django_assert_max_num_queries(0):
        for _ in range(3):
            response = post_quote(client, "nopd", API_MD_REQUEST)
            assert response.status_code == 200
    with django_assert_max_num_queries(0):
        assert post_quote(client, "nopd", shift(officers=0)).status_code == 400


def test_api_docs_are_served_without_the_internet(db, client):
    """Swagger UI comes from the installed sidecar package, not a CDN."""
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/agencies/{slug}/quotes/" in schema.content

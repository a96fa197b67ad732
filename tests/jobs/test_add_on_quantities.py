"""PLAT-ADDON-1 end to end: an add-on with a quantity ("2 cruisers") through the public quote API
and the booking API (the old shape, a bare code, still works), kept on the job as sent."""

import json

import pytest
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from tests.cruisers import publish_with_cruisers
from tests.jobs.conftest import client_for
from tests.jobs.helpers import get_job, job_count, nopd_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def nopd_cruisers(demo):
    """NOPD's card with a cruiser priced per cruiser per hour (at most 3), as a new version."""
    with scopes_disabled():
        publish_with_cruisers(demo.nopd)
    return demo


def _quote(body):
    return APIClient().post(
        "/api/v1/agencies/nopd/quotes/", data=json.dumps(body), content_type="application/json"
    )


def _quote_body(add_ons):
    return {
        "shifts": [
            {"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00", "officers": 2}
        ],
        "tier": "3",
        "add_ons": add_ons,
    }


def test_the_quote_api_reads_codes_and_quantities_plat_addon_1(nopd_cruisers, clock):
    """PLAT-ADDON-1: {"code": "cruiser", "quantity": 2} prices 2 cruisers x 4 h x $15.00; the bare
    code is 1 cruiser."""
    two = _quote(_quote_body([{"code": "cruiser", "quantity": 2}]))
    assert two.status_code == 200, two.json()
    line = two.json()["lines"][-1]
    assert line["description"] == "Police cruiser: 2 cruisers x 4.00 h x $15.00"
    assert (line["other"], two.json()["total"]) == ("120.00", "554.64")
    one = _quote(_quote_body(["cruiser"]))
    assert one.json()["lines"][-1]["description"] == "Police cruiser: 1 cruiser x 4.00 h x $15.00"
    assert one.json()["total"] == "494.64"


@pytest.mark.parametrize(
    ("add_ons", "field", "words"),
    [
        ([{"code": "cruiser", "quantity": 4}], "add_ons", "At most 3 cruisers"),
        ([{"code": "cruiser", "quantity": 0}], "add_ons[0]", "from 1 to 500"),
        ([{"code": "cruiser", "quantity": "two"}], "add_ons[0]", "whole number"),
        ([{"code": "cruiser", "many": 2}], "add_ons[0]", "add-on is its code"),
        ([{"code": "horse", "quantity": 2}], "add_ons", "unknown add-on 'horse'"),
    ],
)
def test_bad_quantities_are_400_in_words_plat_limit_1(nopd_cruisers, clock, add_ons, field, words):
    """PLAT-LIMIT-1: a quantity above the card's maximum, below 1 or not a number is refused
    naming the field, never a 500."""
    response = _quote(_quote_body(add_ons))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert words in body["detail"]


def test_a_booked_job_keeps_its_quantities_plat_addon_1(nopd_cruisers, clock):
    """PLAT-ADDON-1: the booking API takes the quantity; the job keeps it (its add-ons as sent,
    and its request snapshot) and its quote line says "2 cruisers"."""
    body = nopd_body(add_ons=[{"code": "cruiser", "quantity": 2}])
    response = client_for(nopd_cruisers.customer).post("/api/v1/jobs/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["add_ons"] == [{"code": "cruiser", "quantity": 2}]
    cruiser = [line for line in data["quote"]["lines"] if line["rate_name"] == "Police cruiser"]
    assert [line["description"] for line in cruiser] == [
        "Police cruiser: 2 cruisers x 4.00 h x $15.00"
    ]
    job = get_job(data["id"])
    assert job.add_ons == [{"code": "cruiser", "quantity": 2}]
    assert job.request_snapshot["quantities"] == [{"code": "cruiser", "quantity": 2}]
    again = client_for(nopd_cruisers.customer).get(f"/api/v1/jobs/{job.pk}/")
    assert again.json()["add_ons"] == [{"code": "cruiser", "quantity": 2}]


def test_booking_refuses_too_many_and_creates_nothing_plat_limit_1(nopd_cruisers, clock):
    """PLAT-LIMIT-1: 4 cruisers where the card allows 3: 400 naming add_ons, no job."""
    body = nopd_body(add_ons=[{"code": "cruiser", "quantity": 4}])
    response = client_for(nopd_cruisers.customer).post("/api/v1/jobs/", body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "add_ons"
    assert "At most 3 cruisers" in response.json()["detail"]
    assert job_count() == 0


def test_the_agency_api_says_which_add_ons_take_a_quantity_plat_addon_1(nopd_cruisers, clock):
    """PLAT-ADDON-1: the agency's offer names the unit and the most one request may ask for."""
    offer = APIClient().get("/api/v1/agencies/nopd/").json()
    (cruiser,) = [a for a in offer["add_ons"] if a["code"] == "cruiser"]
    assert (cruiser["unit"], cruiser["max_quantity"]) == ("cruiser", 3)
    assert cruiser["price"] == "$15.00 per cruiser per billed hour (choose how many, up to 3)"

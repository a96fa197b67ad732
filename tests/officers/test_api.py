"""The officer API: the job board, claim (201 / 409 / 404), withdraw, substitute (403 for
non-coordinators), the schedule; the board's query count does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from officers.services.claims import TAKEN
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")


def client_for(email: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user(email))
    return client


def test_the_board_lists_eligible_open_positions_with_the_officers_pay():
    job = book(shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 5),))
    response = client_for("officer1@nopd.demo").get("/api/v1/positions/open/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 5  # the supervisor position is not for a Police Officer
    row = rows[0]
    assert row["job"] == job.pk
    assert row["job_title"] == "Warehouse gate"
    assert row["starts_at"] == "2027-03-09T08:00:00-06:00"
    assert row["ends_at"] == "2027-03-09T16:00:00-06:00"
    assert (row["role"], row["required_rank"], row["required_specialty"]) == ("officer", "", "")
    assert (row["officer_pay_rate"], row["tier"]) == ("37.00", "2+")
    assert row["address"] == "1200 Poydras St, New Orleans"
    sergeant_rows = client_for("officer9@nopd.demo").get("/api/v1/positions/open/").json()
    assert [r["role"] for r in sergeant_rows["results"]].count("supervisor") == 1


def test_the_board_filters_by_date_pay_and_job_type():
    book("March", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    book("April", shifts=((local(2027, 4, 6, 8), local(2027, 4, 6, 16), 1),), tier="4")
    client = client_for("officer1@nopd.demo")

    def titles(**params):
        response = client.get("/api/v1/positions/open/", params)
        assert response.status_code == 200, response.content
        return [row["job_title"] for row in response.json()["results"]]

    assert titles() == ["March", "April"]
    assert titles(**{"from": "2027-04-01"}) == ["April"]
    assert titles(to="2027-03-09") == ["March"]
    assert titles(min_pay="50") == ["April"]
    assert titles(job_type="motorcycle_escort") == []
    bad = client.get("/api/v1/positions/open/", {"min_pay": "lots"})
    assert bad.status_code == 400 and bad.json()["field"] == "min_pay"


def test_the_board_pages_keep_the_filters():
    book("Early", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 3),))
    book("Late", shifts=((local(2027, 3, 20, 8), local(2027, 3, 20, 16), 2),))
    client = client_for("officer1@nopd.demo")

    first = client.get("/api/v1/positions/open/", {"from": "2027-03-01", "limit": "2"}).json()
    assert [row["job_title"] for row in first["results"]] == ["Early", "Early"]
    assert first["previous"] is None
    assert first["next"] == (
        "http://testserver/api/v1/positions/open/?from=2027-03-01&limit=2&offset=2"
    )
    second = client.get(first["next"]).json()
    assert [row["job_title"] for row in second["results"]] == ["Early", "Late"]
    assert second["previous"].endswith("?from=2027-03-01&limit=2&offset=0")
    last = client.get(second["next"]).json()
    assert [row["job_title"] for row in last["results"]] == ["Late"]
    assert last["next"] is None


def test_claim_answers_201_then_409_with_the_reason_plat_claim_1():
    """PLAT-CLAIM-1."""
    (position,) = positions(book())
    url = f"/api/v1/positions/{position.pk}/claim/"
    response = client_for("officer1@nopd.demo").post(url)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] and body["state"] == "active" and body["responsible"] is True
    assert body["starts_at"] == "2027-03-09T08:00:00-06:00"
    again = client_for("officer2@nopd.demo").post(url)
    assert again.status_code == 409
    assert again.json() == {"detail": TAKEN}


def test_claim_409_for_an_overlap_plat_overlap_1():
    """PLAT-OVERLAP-1."""
    client = client_for("officer1@nopd.demo")
    (gate,) = positions(book("Warehouse gate"))
    (parade,) = positions(book("Parade", ((local(2027, 3, 9, 12), local(2027, 3, 9, 18), 1),)))
    assert client.post(f"/api/v1/positions/{gate.pk}/claim/").status_code == 201
    response = client.post(f"/api/v1/positions/{parade.pk}/claim/")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This overlaps your 8:00 AM-4:00 PM detail on Tue Mar 9 at Warehouse gate."
    )


def test_another_agencys_position_is_404_and_customers_get_403():
    (position,) = positions(book())
    url = f"/api/v1/positions/{position.pk}/claim/"
    assert client_for("officer1@asheville.demo").post(url).status_code == 404
    assert client_for("customer@acme.demo").post(url).status_code == 403


def test_withdraw_substitute_and_schedule_endpoints_nopd_sub_1():
    """NOPD-SUB-1."""
    (position,) = positions(book())
    officer_client = client_for("officer1@nopd.demo")
    assignment = officer_client.post(f"/api/v1/positions/{position.pk}/claim/").json()
    schedule = officer_client.get("/api/v1/assignments/").json()["results"]
    assert [row["id"] for row in schedule] == [assignment["id"]]
    assert client_for("officer2@nopd.demo").get("/api/v1/assignments/").json()["results"] == []

    url = f"/api/v1/assignments/{assignment['id']}/substitute/"
    body = {"officer": officer(3).pk}
    assert officer_client.post(url, body, format="json").status_code == 403
    foreign = {"officer": officer(1, "asheville").pk}
    coordinator = client_for("coordinator@nopd.demo")
    refused = coordinator.post(url, foreign, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "officer"
    replaced = coordinator.post(url, body, format="json")
    assert replaced.status_code == 201, replaced.content
    new = replaced.json()
    assert new["officer"] == officer(3).pk and new["state"] == "active"

    withdraw = client_for("officer3@nopd.demo").post(f"/api/v1/assignments/{new['id']}/withdraw/")
    assert withdraw.status_code == 200, withdraw.content
    assert withdraw.json()["state"] == "withdrawn"
    assert (
        client_for("officer1@asheville.demo")
        .post(f"/api/v1/assignments/{new['id']}/withdraw/")
        .status_code
        == 404
    )


def board_queries(email: str) -> tuple[int, int]:
    client = client_for(email)
    client.get("/api/v1/positions/open/")  # warm the card cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/positions/open/")
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


def test_the_board_query_count_does_not_grow_with_the_data():
    book("One", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 2),))
    small, small_rows = board_queries("officer1@nopd.demo")
    for day in range(10, 30):
        book(f"Day {day}", shifts=((local(2027, 3, day, 8), local(2027, 3, day, 16), 3),))
    large, large_rows = board_queries("officer1@nopd.demo")
    assert (small_rows, large_rows) == (2, 50)  # a page
    assert large == small == 1  # the board: the officer's profile comes with the roles
    # (read once per user object: the force-authenticated test client reuses it; with a token
    # the token, user and roles are one more query, see test_token_requests)

"""The officer API reads its input once, bounded (PLAT-LIMIT-1): bad dates, numbers, NUL bytes
and huge paging values answer 400 naming the field, never 500; lists are documented as pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.officers.helpers import book, local, positions, user

pytestmark = pytest.mark.usefixtures("demo")

BOARD = "/api/v1/positions/open/"


def client_for(email: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user(email))
    return client


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "9999-12-31"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"from": "0001-01-01T00:00:00+14:00"}, "from"),
        ({"to": "2027-13-01"}, "to"),
        ({"from": "2027-03-01\x00"}, "from"),
        ({"job_type": "hourly\x00"}, "job_type"),
        ({"job_type": "x" * 500}, "job_type"),
        ({"min_pay": "1e400"}, "min_pay"),
        ({"min_pay": "NaN"}, "min_pay"),
        ({"min_pay": "-1"}, "min_pay"),
        ({"limit": str(2**63)}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"offset": str(2**64)}, "offset"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "ten"}, "limit"),
        ({"from": "2027-03-10", "to": "2027-03-01"}, "to"),
    ],
)
def test_bad_board_filters_answer_400_naming_the_field_plat_limit_1(params, field):
    """PLAT-LIMIT-1."""
    response = client_for("officer1@nopd.demo").get(BOARD, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field and body["detail"].startswith(f"{field}: ")


def test_the_date_bounds_are_named_in_the_message_plat_limit_1():
    """PLAT-LIMIT-1."""
    body = client_for("officer1@nopd.demo").get(BOARD, {"from": "9999-01-01"}).json()
    assert "give a date between 2000-01-01 and " in body["detail"]
    over = client_for("officer1@nopd.demo").get(BOARD, {"limit": "1000"}).json()
    assert "200" in over["detail"]


@pytest.mark.parametrize(
    "params",
    [{"past": "maybe"}, {"limit": str(2**63)}, {"offset": "1e9"}, {"past": "1\x00"}],
)
def test_bad_assignment_list_queries_answer_400_plat_limit_1(params):
    """PLAT-LIMIT-1."""
    response = client_for("officer1@nopd.demo").get("/api/v1/assignments/", params)
    assert response.status_code == 400, response.content


def test_empty_query_values_mean_not_given():
    client = client_for("officer1@nopd.demo")
    empty = {"from": "", "to": "", "min_pay": "", "job_type": "", "limit": "", "offset": ""}
    assert client.get(BOARD, empty).status_code == 200
    assert client.get("/api/v1/assignments/", {"past": "", "limit": ""}).status_code == 200


def test_the_schedule_accepts_past_as_1_true_or_yes():
    client = client_for("officer1@nopd.demo")
    for value in ("1", "true", "yes", "0", "false"):
        assert client.get("/api/v1/assignments/", {"past": value}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"officer": "x"}, {"officer": 2**63}, {"officer": -1}, {"officer": "1\x00"}],
)
def test_a_bad_substitute_body_answers_400_naming_officer_plat_limit_1(body):
    """PLAT-LIMIT-1."""
    (position,) = positions(book())
    held = client_for("officer1@nopd.demo").post(f"/api/v1/positions/{position.pk}/claim/")
    url = f"/api/v1/assignments/{held.json()['id']}/substitute/"
    response = client_for("coordinator@nopd.demo").post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "officer"


def test_the_board_and_schedule_are_documented_as_pages():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, name in ((BOARD, "OpenPositionPage"), ("/api/v1/assignments/", "AssignmentPage")):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["$ref"].endswith(name)
        page = schema["components"]["schemas"][name]
        assert set(page["properties"]) == {"next", "previous", "results"}
        assert page["properties"]["results"]["type"] == "array"
    params = {p["name"] for p in schema["paths"][BOARD]["get"]["parameters"]}
    assert {"from", "to", "min_pay", "job_type", "limit", "offset"} <= params


def test_a_staff_member_sees_assignments_in_each_agencys_time_zone():
    (position,) = positions(book(shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),)))
    client_for("officer1@nopd.demo").post(f"/api/v1/positions/{position.pk}/claim/")
    rows = client_for("coordinator@nopd.demo").get("/api/v1/assignments/").json()["results"]
    assert rows[0]["starts_at"] == "2027-03-09T08:00:00-06:00"

"""The jobs API's OpenAPI document (/api/schema/) describes what the endpoints really answer.

The schema is generated as ``manage.py spectacular --validate --fail-on-warn`` does, then real
answers (a job booked, listed, approved, claimed, reduced and cancelled through the API) are
validated against the schema each operation documents for that status code. Objects are checked
strictly: a key the documentation does not name is an error, as is a documented key missing.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from jsonschema import Draft202012Validator, FormatChecker

from tests.jobs import conftest as jobs_fixtures
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, nopd_body

pytestmark = pytest.mark.django_db

# The jobs tests' fixtures: the seeded demo data and the frozen clock (1 March 2027).
demo = jobs_fixtures.demo
clock = jobs_fixtures.clock

JOBS = "/api/v1/jobs/"
JOB = "/api/v1/jobs/{id}/"


# --- the document --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(tmp_path_factory) -> dict:
    """The OpenAPI document, generated and validated by the management command; a warning
    fails it."""
    path = tmp_path_factory.mktemp("openapi") / "schema.json"
    GENERATOR_STATS.reset()
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(path),
    )
    return json.loads(path.read_text())


def json_schema(node, *, strict: bool):
    """An OpenAPI 3.0 schema as JSON Schema (2020-12): ``nullable: true`` becomes a type list
    (or an ``anyOf`` with null where there is no type, e.g. a nullable ``allOf`` of a ``$ref``).
    ``strict``: objects that list their properties allow no others."""
    if isinstance(node, list):
        return [json_schema(item, strict=strict) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: json_schema(sub, strict=strict) for name, sub in value.items()}
        elif key in {"items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"}:
            out[key] = json_schema(value, strict=strict)
        else:
            out[key] = value
    if strict and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def operation(openapi: dict, path: str, method: str) -> dict:
    return openapi["paths"][path][method]


def response_ref(openapi: dict, path: str, method: str, status: int) -> str:
    responses = operation(openapi, path, method)["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    return responses[str(status)]["content"]["application/json"]["schema"]["$ref"]


def request_ref(openapi: dict, path: str, method: str) -> str:
    content = operation(openapi, path, method)["requestBody"]["content"]
    assert list(content) == ["application/json"]
    return content["application/json"]["schema"]["$ref"]


# Times in answers carry their offset; "uri" values are absolute http(s) addresses.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return not isinstance(value, str) or urlparse(value).scheme in {"http", "https"}


def check(openapi: dict, ref: str, data, *, answer: bool = True) -> None:
    """Validate ``data`` against the component ``ref`` ("#/components/schemas/..."): strictly
    and with formats for an answer; as a client may send it for a request body."""
    strict = answer
    document = {
        "$ref": ref,
        "components": {
            "schemas": {
                name: json_schema(schema, strict=strict)
                for name, schema in openapi["components"]["schemas"].items()
            }
        },
    }
    Draft202012Validator.check_schema(document)
    validator = Draft202012Validator(document, format_checker=FORMATS if answer else None)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{ref} at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in errors[:10]
    )


def answer(openapi, response, path: str, method: str, component: str) -> dict:
    """The response body, checked against what the operation documents for its status code."""
    ref = response_ref(openapi, path, method, response.status_code)
    assert ref == f"#/components/schemas/{component}"
    body = response.json()
    check(openapi, ref, body)
    return body


# --- the tests -----------------------------------------------------------------------------------


def test_every_jobs_operation_documents_its_bodies(openapi):
    """No jobs operation is left as a free-form object: requests and answers name components."""
    expected = {
        (JOBS, "get"): (None, {200, 400, 403}),
        (JOBS, "post"): ("JobRequest", {200, 201, 400, 403}),
        (JOB, "get"): (None, {200, 403, 404}),
        (JOB + "approve/", "post"): ("JobApprove", {200, 400, 403, 404, 409}),
        (JOB + "deny/", "post"): ("JobDeny", {200, 400, 403, 404, 409}),
        (JOB + "cancel/", "post"): ("JobCancel", {200, 400, 403, 404, 409}),
        (JOB + "reduce/", "post"): ("JobReduce", {200, 400, 403, 404, 409}),
    }
    for (path, method), (body, statuses) in expected.items():
        statuses = statuses | {401, 429}  # every authenticated operation (detailhire.openapi)
        op = operation(openapi, path, method)
        assert {int(code) for code in op["responses"]} == statuses, (path, method)
        for code in statuses:
            assert response_ref(openapi, path, method, code).startswith("#/components/schemas/")
        if body:
            assert request_ref(openapi, path, method) == f"#/components/schemas/{body}"
        else:
            assert "requestBody" not in op
    schemas = openapi["components"]["schemas"]
    assert schemas["JobDetail"]["properties"]["quote"]["allOf"] == [
        {"$ref": "#/components/schemas/Quote"}
    ]
    assert set(schemas["JobDetail"]["properties"]) - set(schemas["JobSummary"]["properties"]) == {
        "hours_approved_at",
        "changes",
        "timeline",
    }


def test_the_requests_the_tests_send_match_the_documented_bodies(openapi):
    request = "#/components/schemas/JobRequest"
    check(openapi, request, nopd_body(), answer=False)
    check(openapi, request, asheville_body(preferred_officers=[], repeat_weeks=2), answer=False)
    check(openapi, "#/components/schemas/JobApprove", {}, answer=False)
    check(openapi, "#/components/schemas/JobCancel", {"preview": True}, answer=False)
    check(
        openapi,
        "#/components/schemas/JobReduce",
        {"shifts": [{"index": 0, "officers": 1}], "reason": "Smaller crowd."},
        answer=False,
    )


def test_real_answers_match_the_schema(openapi, demo, clock):
    customer = client_for(demo.customer)
    coordinator = client_for(demo.coordinator("nopd"))

    # book (201), and the same request again with its idempotency key (200)
    booked = answer(
        openapi,
        customer.post(JOBS, nopd_body(idempotency_key="gallery-1"), format="json"),
        JOBS,
        "post",
        "JobDetail",
    )
    pk = booked["id"]
    assert booked["status"] == "requested" and booked["total"] == "434.64"
    assert booked["coordinator"] is None and booked["tier"] == "3"
    replay = customer.post(JOBS, nopd_body(idempotency_key="gallery-1"), format="json")
    assert replay.status_code == 200
    assert answer(openapi, replay, JOBS, "post", "JobDetail")["id"] == pk
    # an agency without tiers: the tier is null
    other = customer.post(JOBS, asheville_body(), format="json")
    assert answer(openapi, other, JOBS, "post", "JobDetail")["tier"] is None

    # the list (paginated) and the detail
    listed = answer(
        openapi, customer.get(JOBS, {"limit": 1}), JOBS, "get", "PaginatedJobSummaryList"
    )
    assert listed["next"] and listed["previous"] is None and "count" not in listed
    second = customer.get(listed["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert "timeline" not in listed["results"][0]
    answer(openapi, customer.get(JOBS), JOBS, "get", "PaginatedJobSummaryList")
    url = JOB.format(id=pk)
    detail = answer(openapi, customer.get(url), JOB, "get", "JobDetail")
    assert detail["timeline"] and detail["changes"] == []

    # the coordinator approves; an officer claims a position (held_by filled in)
    approved = answer(
        openapi,
        coordinator.post(f"{url}approve/", {}, format="json"),
        JOB + "approve/",
        "post",
        "JobDetail",
    )
    assert approved["status"] == "approved" and approved["coordinator"] is not None
    position = approved["shifts"][0]["positions"][0]["id"]
    claim = client_for(demo.user("officer1@nopd.demo")).post(
        f"/api/v1/positions/{position}/claim/", {}, format="json"
    )
    assert claim.status_code == 201, claim.json()
    detail = answer(openapi, customer.get(url), JOB, "get", "JobDetail")
    held = [p["held_by"] for p in detail["shifts"][0]["positions"] if p["held_by"]]
    assert held and held[0]["hours_worked"] is None

    # reduce: preview, then for real (the change lists what happened to the shift)
    change = {"shifts": [{"index": 0, "officers": 1}]}
    reduce = JOB + "reduce/"
    shown = answer(
        openapi,
        customer.post(f"{url}reduce/", {**change, "preview": True}, format="json"),
        reduce,
        "post",
        "JobReduceResult",
    )
    assert set(shown) == {"charge", "quote"}
    done = answer(
        openapi,
        customer.post(f"{url}reduce/", {**change, "reason": "Smaller crowd."}, format="json"),
        reduce,
        "post",
        "JobReduceResult",
    )
    assert done["change"]["kind"] == "reduce" and done["change"]["shift_changes"]
    (shift_change,) = done["change"]["shift_changes"]  # times in the agency's zone (PLAT-TIME-1)
    assert shift_change["starts_at"] == detail["shifts"][0]["starts_at"]
    assert shift_change["ends_at"] == detail["shifts"][0]["ends_at"]

    # cancel: preview, then for real; the detail shows both changes
    cancel = JOB + "cancel/"
    shown = answer(
        openapi,
        customer.post(f"{url}cancel/", {"preview": True}, format="json"),
        cancel,
        "post",
        "JobCancelResult",
    )
    assert set(shown) == {"charge"}
    done = answer(
        openapi,
        customer.post(f"{url}cancel/", {"reason": "Event called off."}, format="json"),
        cancel,
        "post",
        "JobCancelResult",
    )
    assert done["status"] == "cancelled" and done["change"]["kind"] == "cancel"
    detail = answer(openapi, customer.get(url), JOB, "get", "JobDetail")
    assert [c["kind"] for c in detail["changes"]] == ["reduce", "cancel"]
    assert detail["cancelled_at"] is not None


def test_refusals_match_the_error_schema(openapi, demo, clock):
    customer = client_for(demo.customer)
    coordinator = client_for(demo.coordinator("nopd"))
    pk = customer.post(JOBS, nopd_body(), format="json").json()["id"]
    url = JOB.format(id=pk)

    bad = customer.get(JOBS, {"status": "lost"})
    assert bad.status_code == 400
    assert answer(openapi, bad, JOBS, "get", "ApiError")["field"] == "status"
    bad = customer.post(JOBS, nopd_body(shifts=[]), format="json")
    assert bad.status_code == 400
    assert answer(openapi, bad, JOBS, "post", "ApiError")["field"] == "shifts"

    denied = answer(
        openapi,
        coordinator.post(f"{url}deny/", {"reason": "No officers that night."}, format="json"),
        JOB + "deny/",
        "post",
        "JobDetail",
    )
    assert denied["status"] == "denied"
    conflict = customer.post(f"{url}cancel/", {"reason": "Too late."}, format="json")
    assert conflict.status_code == 409
    assert "field" not in answer(openapi, conflict, JOB + "cancel/", "post", "ApiError")

    hidden = client_for(demo.bistro_customer).get(url)
    assert hidden.status_code == 404
    answer(openapi, hidden, JOB, "get", "ApiError")
    wrong_role = client_for(demo.user("officer1@nopd.demo")).get(JOBS)
    assert wrong_role.status_code == 403
    answer(openapi, wrong_role, JOBS, "get", "ApiError")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda body: body.update(surprise=1), id="undocumented key"),
        pytest.param(lambda body: body.pop("invoices"), id="documented key missing"),
        pytest.param(lambda body: body.update(title=None), id="null where not allowed"),
        pytest.param(lambda body: body.update(total="434.6"), id="money with 1 place"),
        pytest.param(lambda body: body.update(status="lost"), id="unknown status"),
        pytest.param(lambda body: body.update(starts_at="2027-04-07T18:00:00"), id="no offset"),
        pytest.param(lambda body: body["shifts"][0].update(officers="2"), id="number as text"),
        pytest.param(lambda body: body["quote"].pop("lines"), id="quote without lines"),
        pytest.param(lambda body: body["timeline"][0].update(extra=""), id="nested extra key"),
    ],
)
def test_the_check_catches_an_answer_that_drifts_from_the_schema(openapi, demo, clock, spoil):
    customer = client_for(demo.customer)
    body = customer.post(JOBS, nopd_body(), format="json").json()
    ref = "#/components/schemas/JobDetail"
    check(openapi, ref, body)
    spoil(body)
    with pytest.raises(AssertionError):
        check(openapi, ref, body)

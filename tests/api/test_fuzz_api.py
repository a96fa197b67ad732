"""Schema-driven fuzzing of the whole HTTP API (PLAT-LIMIT-1): every operation of the OpenAPI
schema, as each role and anonymous, against the live test server. No answer is a server error,
and every answer matches the schema (status code documented, body of the documented shape)."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from tests.fixtures import client_for, token_for
from tests.jobs.helpers import nopd_body

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("DETAILHIRE_FUZZ_EXAMPLES", "25"))
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def api_schema(live_server, demo):
    """The schema the server serves, and real rows to act on: a job requested by Acme Events and
    approved by NOPD's coordinator (its positions open on the board)."""
    from django.test import Client

    job = client_for(demo.customer).post("/api/v1/jobs/", nopd_body(), format="json")
    assert job.status_code == 201, job.content
    approved = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/jobs/{job.json()['id']}/approve/", {}, format="json"
    )
    assert approved.status_code == 200, approved.content
    body = Client().get("/api/schema/", HTTP_ACCEPT="application/json").content
    return schemathesis.openapi.from_dict(json.loads(body)), live_server.url


def _run(schema_and_url, headers):
    schema, base_url = schema_and_url
    problems = []
    for result in schema.get_all_operations():
        operation = result.ok()
        found = _fuzz(operation, base_url, headers)
        problems += [f"{operation.label}: {text}" for text in found]
    return problems


def _fuzz(operation, base_url: str, headers: dict) -> list[str]:
    """The distinct problems (one per check) that EXAMPLES generated requests found."""
    found: dict[str, str] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        response = case.call(base_url=base_url, headers=headers)
        try:
            case.validate_response(response, checks=list(CHECKS))
        except (Exception, FailureGroup) as error:  # collected, reported together
            summary = _summary(error, case)
            found.setdefault(summary.split(" | ")[1] if " | " in summary else summary, summary)

    fuzz()
    return list(found.values())


def _summary(error, case) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " | ".join(lines[:8])[:600] + f" | {case.method} {case.formatted_path}"


ROLES = {
    "customer": "customer@acme.demo",
    "officer": "officer1@nopd.demo",
    "coordinator": "coordinator@nopd.demo",
    "admin": "admin@nopd.demo",
}


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_no_server_error_and_no_schema_violation(api_schema, demo, role):
    """PLAT-LIMIT-1: nothing anyone sends answers 500, and every answer is documented."""
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Token {token_for(demo.user(ROLES[role]))}"
    problems = _run(api_schema, headers)
    assert not problems, "\n".join(problems)

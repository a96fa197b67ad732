"""The desk's API: what needs attention, assigning an officer, recording feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from desk.models import OfficerFeedback
from jobs.models import Job
from officers.models import Assignment
from tests.factories import user
from tests.fixtures import NOW, client_for
from tests.officer_pages.helpers import claimed
from tests.officers.helpers import book, officer, positions

pytestmark = pytest.mark.usefixtures("demo")


def coordinator():
    return client_for(user("coordinator@nopd.demo"))


def test_attention_lists_requests_with_time_left(clock):
    near = NOW + timedelta(hours=10)
    job = book("Urgent request", ((near, near + timedelta(hours=4), 1),), approve=False)
    body = coordinator().get("/api/v1/desk/attention/").json()
    assert body["agency"] == "nopd"
    first = body["results"][0]
    assert first["kind"] == "request" and first["job"] == job.pk
    assert first["urgent"] is True and first["left"] == "10 h 0 min left"
    assert client_for(user("officer1@nopd.demo")).get("/api/v1/desk/attention/").status_code == 403
    foreign = coordinator().get("/api/v1/desk/attention/?agency=asheville")
    assert foreign.status_code == 404


def test_assign_by_api_nopd_sub_1(clock):
    job = book("API gate")
    position = positions(job)[0]
    client = coordinator()
    bad = client.post(f"/api/v1/positions/{position.pk}/assign/", {"officer": "x"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "officer"
    response = client.post(
        f"/api/v1/positions/{position.pk}/assign/", {"officer": officer(4).pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    again = client.post(
        f"/api/v1/positions/{position.pk}/assign/", {"officer": officer(5).pk}, format="json"
    )
    assert again.status_code == 409
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status == Job.Status.FILLED
        assert Assignment.objects.filter(position=position, state="active").count() == 1


def test_feedback_by_api_nopd_survey_1(clock):
    assignment = claimed("API feedback")
    client = coordinator()
    body = {"rating": 2, "comments": "Left early."}
    response = client.post(f"/api/v1/assignments/{assignment.pk}/feedback/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["rating"] == 2
    refused = client.post(
        f"/api/v1/assignments/{assignment.pk}/feedback/", {"rating": 6}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "rating"
    customer = client_for(user("customer@acme.demo"))
    assert customer.post(
        f"/api/v1/assignments/{assignment.pk}/feedback/", body, format="json"
    ).status_code in (403, 404)
    with scopes_disabled():
        assert OfficerFeedback.objects.count() == 1
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/positions/{id}/assign/" in schema
    assert "/api/v1/desk/attention/" in schema


def test_operators_see_feedback_in_the_admin(client, clock):
    from accounts.models import User

    assignment = claimed("Admin feedback")
    coordinator().post(
        f"/api/v1/assignments/{assignment.pk}/feedback/", {"rating": 4}, format="json"
    )
    client.force_login(User.objects.create_superuser(email="root@platform.test", password=None))
    page = client.get("/admin/desk/officerfeedback/")
    assert page.status_code == 200 and "4" in page.content.decode()

"""The job lifecycle through the API and the services: approve, deny, fill, start, complete;
who may do what; the job page and "my jobs"; constant query counts."""

import pytest
from django_scopes import scopes_disabled

from agencies.models import StaffMembership
from audit.models import AuditEvent
from jobs.models import Job, Position
from jobs.services import (
    TransitionError,
    complete_job,
    mark_filled,
    reopen,
    start_job,
    sync_fill_status,
)
from officers.models import Assignment, Officer
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, get_job, nopd_body

pytestmark = pytest.mark.django_db


def book(demo, user=None, body=None) -> int:
    response = client_for(user or demo.customer).post(
        "/api/v1/jobs/", body or nopd_body(), format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_the_coordinator_approves_and_the_customer_sees_their_phone_nopd_coord_1(demo, clock):
    """NOPD-COORD-1."""
    pk = book(demo)
    coordinator = demo.coordinator("nopd")
    response = client_for(coordinator).post(f"/api/v1/jobs/{pk}/approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    seen = client_for(demo.customer).get(f"/api/v1/jobs/{pk}/").json()
    line = StaffMembership.objects.get(user=coordinator, agency=demo.nopd).phone
    assert line
    assert seen["status"] == "approved"
    assert seen["coordinator"]["name"] == coordinator.display_name
    assert seen["coordinator"]["phone"] == line
    assert seen["agency"]["office_phone"] == "504 658-8757"
    assert seen["agency"]["after_hours_phone"] == "504 906-9992"
    assert len(seen["invoices"]) == 1  # a prepay job is invoiced at approval (NOPD-PAY-1)
    assert {p["status"] for s in seen["shifts"] for p in s["positions"]} == {"open"}
    assert [e["action"] for e in seen["timeline"]] == ["requested", "approved", "invoiced"]


def test_an_admin_may_name_another_coordinator(demo, clock):
    pk = book(demo)
    coordinator = demo.coordinator("nopd")
    response = client_for(demo.admin("nopd")).post(
        f"/api/v1/jobs/{pk}/approve/", {"coordinator": coordinator.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["coordinator"]["id"] == coordinator.pk
    outsider = client_for(demo.admin("nopd")).post(
        f"/api/v1/jobs/{book(demo)}/approve/", {"coordinator": demo.customer.pk}, format="json"
    )
    assert outsider.status_code == 400
    assert outsider.json()["field"] == "coordinator"


def test_customers_and_officers_may_not_approve_or_deny(demo, clock):
    pk = book(demo)
    for user in (demo.customer, demo.user("officer1@nopd.demo")):
        for action in ("approve", "deny"):
            response = client_for(user).post(
                f"/api/v1/jobs/{pk}/{action}/", {"reason": "no"}, format="json"
            )
            assert response.status_code == 403
    assert get_job(pk).status == "requested"


def test_another_agencys_coordinator_gets_404_plat_tenant_1(demo, clock):
    """PLAT-TENANT-1."""
    pk = book(demo)
    other = client_for(demo.coordinator("asheville"))
    for action in ("approve", "deny", "cancel", "reduce"):
        assert other.post(f"/api/v1/jobs/{pk}/{action}/", {}, format="json").status_code == 404
    assert other.get(f"/api/v1/jobs/{pk}/").status_code == 404
    assert client_for(demo.bistro_customer).get(f"/api/v1/jobs/{pk}/").status_code == 404
    assert get_job(pk).status == "requested"


def test_deny_needs_a_reason(demo, clock):
    pk = book(demo)
    coordinator = client_for(demo.coordinator("nopd"))
    response = coordinator.post(f"/api/v1/jobs/{pk}/deny/", {"reason": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    response = coordinator.post(
        f"/api/v1/jobs/{pk}/deny/", {"reason": "No officers that night."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "denied"
    again = coordinator.post(f"/api/v1/jobs/{pk}/approve/", {}, format="json")
    assert again.status_code == 409
    assert "denied" in again.json()["detail"]


def test_every_transition_writes_an_audit_entry_plat_audit_1(demo, clock):
    """PLAT-AUDIT-1."""
    customer, coordinator = demo.customer, demo.coordinator("nopd")
    pk = book(demo)
    client_for(coordinator).post(f"/api/v1/jobs/{pk}/approve/", {}, format="json")
    job = get_job(pk)
    with pytest.raises(TransitionError):
        mark_filled(job, actor=None)  # positions still open
    with scopes_disabled():
        Position.objects.filter(shift__job=job).update(status=Position.Status.FILLED)
    sync_fill_status(job)
    assert job.status == "filled"
    with scopes_disabled():
        Position.objects.filter(shift__job=job, index=0).update(status=Position.Status.OPEN)
    reopen(job, reason="An officer withdrew.")
    with scopes_disabled():
        Position.objects.filter(shift__job=job).update(status=Position.Status.FILLED)
    mark_filled(job)
    start_job(job)
    complete_job(job)
    with pytest.raises(TransitionError):
        start_job(job)
    with scopes_disabled():
        entries = list(AuditEvent.objects.filter(job=job, object_type="job"))
    assert [(e.action, e.from_state, e.to_state) for e in entries] == [
        ("requested", "", "requested"),
        ("approved", "requested", "approved"),
        ("filled", "approved", "filled"),
        ("reopened", "filled", "approved"),
        ("filled", "approved", "filled"),
        ("started", "filled", "in_progress"),
        ("completed", "in_progress", "completed"),
    ]
    assert entries[0].actor == customer and entries[1].actor == coordinator
    assert all(e.event_type == f"job.{e.action}" for e in entries)
    assert all(e.text for e in entries)
    timeline = client_for(customer).get(f"/api/v1/jobs/{pk}/").json()["timeline"]
    assert [e["to"] for e in timeline][-1] == "completed"


def test_my_jobs_lists_only_what_the_caller_may_see(demo, clock):
    acme_job = book(demo)
    bistro_job = book(demo, demo.bistro_customer, nopd_body(title="Bistro brunch"))
    asheville_job = book(demo, body=asheville_body())

    def ids(user, query=""):
        response = client_for(user).get(f"/api/v1/jobs/{query}")
        assert response.status_code == 200, response.json()
        return {job["id"] for job in response.json()["results"]}

    assert ids(demo.customer) == {acme_job, asheville_job}
    assert ids(demo.bistro_customer) == {bistro_job}
    assert ids(demo.coordinator("nopd")) == {acme_job, bistro_job}
    assert ids(demo.coordinator("asheville")) == {asheville_job}
    assert client_for(demo.user("officer1@nopd.demo")).get("/api/v1/jobs/").status_code == 403
    assert ids(demo.customer, "?q=spring") == {asheville_job}
    assert ids(demo.customer, "?status=approved") == set()
    assert ids(demo.customer, "?when=upcoming") == {acme_job, asheville_job}
    assert ids(demo.customer, "?when=past") == set()
    bad = client_for(demo.customer).get("/api/v1/jobs/?status=lost")
    assert bad.status_code == 400 and bad.json()["field"] == "status"


def _many(demo, jobs: int, officers: int, coordinator) -> None:
    body = nopd_body(
        shifts=[
            {
                "starts_at": f"2027-04-{7 + k:02d}T18:00:00",
                "ends_at": f"2027-04-{7 + k:02d}T22:00:00",
                "officers": officers,
            }
            for k in range(2)
        ]
    )
    for _ in range(jobs):
        pk = book(demo, body=body)
        client_for(coordinator).post(f"/api/v1/jobs/{pk}/approve/", {}, format="json")


def _hold_every_position(job, demo) -> None:
    """Officers of the agency hold every position of ``job`` (a different one per place)."""
    with scopes_disabled():
        officers = list(Officer.objects.filter(agency=demo.nopd).order_by("pk"))
        for position in Position.objects.filter(shift__job=job).select_related("shift"):
            Assignment.objects.create(
                position=position,
                officer=officers[position.index],
                starts_at=position.shift.starts_at,
                ends_at=position.shift.ends_at,
            )
        Position.objects.filter(shift__job=job).update(status=Position.Status.FILLED)


@pytest.mark.parametrize(("jobs", "officers"), [(1, 1), (6, 7)])
def test_my_jobs_and_the_job_page_run_a_constant_number_of_queries(
    demo, clock, django_assert_max_num_queries, jobs, officers
):
    coordinator = demo.coordinator("nopd")
    _many(demo, jobs, officers, coordinator)
    with scopes_disabled():
        last = Job.objects.order_by("-pk").first()
    _hold_every_position(last, demo)
    for user in (demo.customer, coordinator):
        client = client_for(user)
        client.get("/api/v1/jobs/")  # warm the card cache
        with django_assert_max_num_queries(QUERIES):
            response = client.get("/api/v1/jobs/")
        assert response.status_code == 200
        assert len(response.json()["results"]) == jobs
        with django_assert_max_num_queries(QUERIES):
            response = client.get(f"/api/v1/jobs/{last.pk}/")
        assert response.status_code == 200
        held = [p["held_by"] for s in response.json()["shifts"] for p in s["positions"]]
        assert all(h and h["name"] and h["rank_name"] for h in held)


# What a page costs whatever its size: auth and roles, the page's jobs and their prefetches.
QUERIES = 12


def test_the_admin_shows_jobs_read_only(demo, clock, client):
    from accounts.models import User

    pk = book(demo)
    root = User.objects.create_superuser(email="root@example.test", password=None)
    client.force_login(root)
    for url in (
        "/admin/jobs/job/",
        f"/admin/jobs/job/{pk}/change/",
        "/admin/audit/auditevent/",
        "/admin/jobs/jobchange/",
        "/admin/jobs/position/",
    ):
        assert client.get(url).status_code == 200, url

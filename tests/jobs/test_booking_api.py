"""POST /api/v1/jobs/: a customer's request becomes a priced job with shifts and positions."""

from datetime import UTC, datetime

import pytest
from django_scopes import scopes_disabled

from jobs.models import Job, JobSeries, Position
from jobs.services import approve_job
from officers.models import Assignment
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, get_job, job_count, nopd_body, request_job

pytestmark = pytest.mark.django_db


def post(user, body, **headers):
    return client_for(user).post("/api/v1/jobs/", body, format="json", **headers)


def test_a_customer_requests_a_job_and_gets_the_quote_it_is_priced_at(demo, clock):
    """NOPD-RATE-1: 2 officers x 4 h at Tier 3 = 434.64; the job keeps the quote."""
    response = post(demo.customer, nopd_body())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "requested"
    assert data["quote"]["total"] == "434.64"
    assert data["total"] == "434.64"
    assert data["warnings"] == []
    assert data["coordinator"] is None
    job = get_job(data["id"])
    assert str(job.total) == "434.64"
    assert job.card_snapshot["agency"] == "nopd"
    assert job.request_snapshot["tier"] == "3"
    assert job.organization == demo.acme
    with scopes_disabled():
        positions = list(Position.objects.filter(shift__job=job))
    assert [(p.role, p.status, str(p.officer_pay_rate)) for p in positions] == [
        ("officer", "draft", "46.33"),
        ("officer", "draft", "46.33"),
    ]


def test_prohibited_category_is_refused_with_the_agencys_reason_odm_prohib_1(demo, clock):
    """ODM-PROHIB-1."""
    response = post(demo.customer, asheville_body(category="collections"))
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "category"
    assert "repossess" in body["detail"]
    assert job_count() == 0


def test_not_sure_category_goes_to_a_coordinators_review_odm_prohib_1(demo, clock):
    """ODM-PROHIB-1."""
    response = post(demo.customer, asheville_body(category="not_sure"))
    assert response.status_code == 201
    data = response.json()
    assert data["needs_review"] is True
    assert data["requires_approval"] is True
    assert any("coordinator will review" in w for w in data["warnings"])


def test_short_notice_warns_and_needs_approval_nopd_lead_1(demo, clock):
    """NOPD-LEAD-1."""
    body = nopd_body(
        shifts=[
            {"starts_at": "2027-03-05T18:00:00", "ends_at": "2027-03-05T22:00:00", "officers": 2}
        ]
    )
    response = post(demo.customer, body)
    assert response.status_code == 201
    data = response.json()
    assert data["requires_approval"] is True
    assert any(w.startswith("Short notice") for w in data["warnings"])


def test_less_than_24_hours_is_the_emergency_rate_odm_lead_1(demo, clock):
    """ODM-LEAD-1."""
    body = asheville_body(
        shifts=[
            {"starts_at": "2027-03-02T06:00:00", "ends_at": "2027-03-02T14:00:00", "officers": 2}
        ]
    )
    response = post(demo.customer, body)
    assert response.status_code == 201
    data = response.json()
    assert data["total"] == "1012.00"  # 2 x 8 h x 63.25
    assert any(w.startswith("Emergency rate applies") for w in data["warnings"])


def test_supervisor_positions_come_from_the_supervisory_table_nopd_sup_1(demo, clock):
    """NOPD-SUP-1."""
    body = nopd_body(
        shifts=[
            {"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00", "officers": 6}
        ]
    )
    response = post(demo.customer, body)
    assert response.status_code == 201
    data = response.json()
    positions = data["shifts"][0]["positions"]
    officers = [p for p in positions if p["role"] == "officer"]
    supervisors = [p for p in positions if p["role"] == "supervisor"]
    assert len(officers) == 6
    assert [(p["required_rank"], p["officer_pay_rate"]) for p in supervisors] == [
        ("sergeant", "49.10")
    ]
    assert data["shifts"][0]["supervisors"] == 1
    assert any("sergeant" in w for w in data["warnings"])


def test_task_jobs_need_the_specialty_nopd_task_1(demo, clock):
    """NOPD-TASK-1."""
    body = nopd_body(job_type="motorcycle_escort", tier=None)
    response = post(demo.customer, body)
    assert response.status_code == 201, response.json()
    positions = response.json()["shifts"][0]["positions"]
    assert {p["required_specialty"] for p in positions} == {"motorcycle"}


def test_the_same_idempotency_key_twice_creates_one_job(demo, clock):
    first = post(demo.customer, nopd_body(), HTTP_IDEMPOTENCY_KEY="abc-123")
    again = post(demo.customer, nopd_body(), HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    body_key = post(demo.customer, nopd_body(idempotency_key="abc-123"))
    assert body_key.json()["id"] == first.json()["id"]
    assert job_count() == 1


def test_the_idempotency_key_race_is_backed_by_the_constraint(demo, clock):
    """A second request that misses the first one's row still yields the one job: the unique
    constraint refuses the duplicate and the service returns the job that won."""
    from jobs.services import booking

    kwargs = {
        "actor": demo.customer,
        "organization": demo.acme,
        "agency": demo.nopd,
        "title": "Gala",
        "category": "event_security",
        "address": "1 Canal St",
        "tier": "3",
        "shifts": nopd_body()["shifts"],
        "idempotency_key": "race-1",
    }
    first = request_job(**kwargs)
    original = booking._existing
    calls = []

    def blind(actor, key):  # the racing request's first look finds nothing
        calls.append(key)
        return None if len(calls) == 1 else original(actor, key)

    booking._existing = blind
    try:
        second = request_job(**kwargs)
    finally:
        booking._existing = original
    assert second.pk == first.pk and second.replayed
    assert job_count() == 1


BAD_INPUT = [
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": 12}, "title"),
    ({"address": ""}, "address"),
    ({"category": ""}, "category"),
    ({"category": "bank_robbery"}, "category"),
    ({"agency": "nowhere"}, "agency"),
    ({"agency": None}, "agency"),
    ({"shifts": []}, "shifts"),
    ({"shifts": "soon"}, "shifts"),
    (
        {"shifts": [{"starts_at": "tomorrow", "ends_at": "2027-04-07T22:00:00", "officers": 1}]},
        "shifts[0].starts_at",
    ),
    (
        {
            "shifts": [
                {
                    "starts_at": "2027-04-07T18:00:00",
                    "ends_at": "2027-04-07T17:00:00",
                    "officers": 1,
                }
            ]
        },
        "shifts[0].ends_at",
    ),
    (
        {
            "shifts": [
                {
                    "starts_at": "2027-02-07T18:00:00",
                    "ends_at": "2027-02-07T22:00:00",
                    "officers": 1,
                }
            ]
        },
        "shifts[0].starts_at",
    ),
    (
        {
            "shifts": [
                {
                    "starts_at": "2027-04-07T18:00:00",
                    "ends_at": "2027-04-07T22:00:00",
                    "officers": 0,
                }
            ]
        },
        "shifts[0].officers",
    ),
    (
        {"shifts": [{"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00"}]},
        "shifts[0].officers",
    ),
    ({"rank": "general"}, "rank"),
    ({"tier": "9"}, "tier"),
    ({"job_type": "helicopter"}, "job_type"),
    ({"add_ons": ["cruiser"]}, "add_ons"),
    ({"preferred_officers": [999999]}, "preferred_officers"),
    ({"preferred_officers": ["someone"]}, "preferred_officers"),
    ({"repeat_weeks": 99}, "repeat_weeks"),
    ({"repeat_weeks": "often"}, "repeat_weeks"),
    ({"organization": 999999}, "organization"),
    ({"site_contact_phone": "5" * 41}, "site_contact_phone"),
    ({"site_contact_name": ["a"]}, "site_contact_name"),
    ({"post_orders": 123}, "post_orders"),
    ({"idempotency_key": "k" * 65}, "idempotency_key"),
    ({"colour": "blue"}, "colour"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_INPUT)
def test_bad_input_names_the_field_and_saves_nothing(demo, clock, changes, field):
    response = post(demo.customer, nopd_body(**changes))
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["field"] == field, body
    assert body["detail"]
    assert body["errors"] == {field: [body["detail"]]}
    assert job_count() == 0
    with scopes_disabled():
        assert not JobSeries.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(demo, clock):
    response = client_for(demo.customer).post("/api/v1/jobs/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_only_customers_request_jobs(demo, clock):
    for user in (demo.coordinator("nopd"), demo.user("officer1@nopd.demo")):
        assert post(user, nopd_body()).status_code == 403
    assert job_count() == 0


def test_a_weekly_repeat_creates_a_series_each_week_priced_on_its_own(demo, clock):
    response = post(demo.customer, nopd_body(repeat_weeks=3))
    assert response.status_code == 201
    first = get_job(response.json()["id"])
    assert first.series is not None and first.series.weeks == 3
    with scopes_disabled():
        jobs = list(Job.objects.filter(series=first.series).order_by("starts_at"))
    assert [j.starts_at.date().isoformat() for j in jobs] == [
        "2027-04-07",
        "2027-04-14",
        "2027-04-21",
    ]
    assert [str(j.total) for j in jobs] == ["434.64"] * 3
    assert len({j.pk for j in jobs}) == 3


def _worked_before(demo, officer_email: str) -> None:
    """A past Acme job at NOPD on which ``officer_email`` worked."""
    then = datetime(2027, 1, 4, 12, tzinfo=UTC)
    job = request_job(
        actor=demo.customer,
        organization=demo.acme,
        agency=demo.nopd,
        title="Past gala",
        category="event_security",
        address="1 Canal St",
        tier="3",
        now=then,
        shifts=[
            {"starts_at": "2027-01-20T18:00:00", "ends_at": "2027-01-20T22:00:00", "officers": 1}
        ],
    )
    approve_job(job, actor=demo.coordinator("nopd"), now=then)
    with scopes_disabled():
        position = Position.objects.get(shift__job=job)
        Assignment.objects.create(
            position=position,
            officer=demo.officer(officer_email),
            starts_at=position.shift.starts_at,
            ends_at=position.shift.ends_at,
            state=Assignment.State.COMPLETED,
        )


def test_preferred_officers_must_have_worked_this_customers_past_jobs_nopd_rel_1(demo, clock):
    """NOPD-REL-1."""
    _worked_before(demo, "officer3@nopd.demo")
    worked = demo.officer("officer3@nopd.demo")
    stranger = demo.officer("officer4@nopd.demo")
    refused = post(demo.customer, nopd_body(preferred_officers=[stranger.pk]))
    assert refused.status_code == 400
    assert refused.json()["field"] == "preferred_officers"
    other_customer = post(demo.bistro_customer, nopd_body(preferred_officers=[worked.pk]))
    assert other_customer.status_code == 400
    accepted = post(demo.customer, nopd_body(preferred_officers=[worked.pk]))
    assert accepted.status_code == 201, accepted.json()
    data = accepted.json()
    assert [o["id"] for o in data["preferred_officers"]] == [worked.pk]
    approved = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/jobs/{data['id']}/approve/", {}, format="json"
    )
    positions = approved.json()["shifts"][0]["positions"]
    assert {p["preferred_until"] for p in positions} == {"2027-03-03T06:00:00-06:00"}  # NOW+48h
    assert {p["status"] for p in positions} == {"open"}

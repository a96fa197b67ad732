"""The jobs list at scale: pages and the API page without counting the history, read a constant
number of queries, and "upcoming" bounds its start so the database reads only the rows it shows
(docs/operations.md, "Scale")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.filters import longest_span
from tests.factories import JobFactory
from tests.fixtures import browser_client, client_for

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def _jobs(tenant, count: int, first: datetime, step=timedelta(hours=6), **extra):
    return [
        JobFactory(
            agency=tenant.agency,
            organization=tenant.organization,
            title=f"Detail {n}",
            starts_at=first + n * step,
            **extra,
        )
        for n in range(count)
    ]


def _sql(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"].upper() for q in queries]


@pytest.mark.parametrize("path", ["/jobs/?tab=upcoming", "/jobs/?tab=past", "/api/v1/jobs/"])
def test_job_lists_run_no_count_and_a_constant_number_of_queries(tenant_a, clock, path):
    clock.move_to(NOW)
    for who in ("coordinator", "customer"):
        user = getattr(tenant_a, who)
        client = client_for(user) if path.startswith("/api/") else browser_client(user)
        _jobs(tenant_a, 2, NOW - timedelta(days=1), step=timedelta(days=2))
        few = _sql(client, path)
        _jobs(tenant_a, 30, NOW - timedelta(days=20), step=timedelta(days=1))
        many = _sql(client, path)
        assert len(few) == len(many), (who, path)
        assert not [sql for sql in many if "__COUNT" in sql], (who, path)  # no count of a list


def test_pages_follow_without_a_count(tenant_a, clock):
    clock.move_to(NOW)
    _jobs(tenant_a, 30, NOW - timedelta(days=40), step=timedelta(days=1))
    client = browser_client(tenant_a.coordinator)
    first = client.get("/jobs/?tab=past").content.decode()
    assert "Page 1" in first and "page=2" in first and "Newer" not in first
    second = client.get("/jobs/?tab=past&page=2").content.decode()
    assert "Detail 4" in second and "Detail 5" not in second  # 25 newest first, then the rest
    assert "page=3" not in second and "page=1" in second
    assert client.get("/jobs/?tab=past&page=99999999999").status_code == 200
    assert client.get("/jobs/?tab=past&page=x").status_code == 200

    api = client_for(tenant_a.coordinator)
    page = api.get("/api/v1/jobs/", {"when": "past", "limit": 20}).json()
    assert "count" not in page and len(page["results"]) == 20 and page["previous"] is None
    rest = api.get(page["next"]).json()
    assert len(rest["results"]) == 10 and rest["next"] is None and rest["previous"]


def test_upcoming_bounds_its_start_by_the_longest_job_and_still_shows_it(tenant_a, clock):
    """A job that started days ago and ends tomorrow is upcoming; the bound keeps it in."""
    clock.move_to(NOW)
    _jobs(tenant_a, 5, NOW - timedelta(days=400), step=timedelta(days=30))
    long = JobFactory(
        agency=tenant_a.agency,
        organization=tenant_a.organization,
        title="Week-long festival",
        starts_at=NOW - timedelta(days=6),
        ends_at=NOW + timedelta(days=1),
        shifts=0,
    )
    assert longest_span() == timedelta(days=7)
    client = browser_client(tenant_a.customer)
    body = client.get("/jobs/?tab=upcoming").content.decode()
    assert "Week-long festival" in body and "Detail 0" not in body
    sql = [
        s
        for s in _sql(client, "/jobs/?tab=upcoming")
        if s.startswith('SELECT "JOBS_JOB"."ID"') and "LIMIT" in s
    ]
    assert sql and all('"STARTS_AT" >=' in s for s in sql)
    assert long.pk in [
        row["id"]
        for row in client_for(tenant_a.customer)
        .get("/api/v1/jobs/", {"when": "upcoming"})
        .json()["results"]
    ]


@pytest.mark.parametrize("who", ["customer", "coordinator"])
def test_the_jobs_page_reads_its_rows_and_their_shifts_only(tenant_a, clock, who):
    """The page's rows read the job with its agency and organization, then the shifts: not the
    priced quote and request (kilobytes of JSON a job), nor the coordinator, preferred officers
    or invoices the API's rows show."""
    clock.move_to(NOW)
    _jobs(tenant_a, 3, NOW + timedelta(days=1), step=timedelta(days=1))
    client = browser_client(getattr(tenant_a, who))
    sql = _sql(client, "/jobs/?tab=upcoming")
    jobs = [s for s in sql if s.startswith('SELECT "JOBS_JOB"."ID"')]
    assert len(jobs) == 1
    assert '"JOBS_JOB"."QUOTE"' not in jobs[0] and '"JOBS_JOB"."REQUEST_SNAPSHOT"' not in jobs[0]
    assert not [s for s in sql if "PREFERRED_OFFICERS" in s or '"BILLING_INVOICE"' in s]
    assert len([s for s in sql if s.startswith('SELECT "JOBS_SHIFT"."ID"')]) == 1

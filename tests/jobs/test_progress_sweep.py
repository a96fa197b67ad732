"""Jobs move on with the clock (jobs/progress.py, the "job-progress" sweep): in progress once the
first remaining shift starts, complete once the last one ends; cancelled shifts do not count;
a request nobody approved is closed when its start comes and its customer told; running it
again changes nothing."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from jobs.models import Job, Position, Shift
from jobs.services.lifecycle import EXPIRED_REASON
from jobs.sweeps import registered, run_sweep
from tests.jobs.conftest import client_for
from tests.jobs.helpers import get_job, nopd_body

pytestmark = pytest.mark.django_db

# Wed 7 April 2027 (Central, UTC-5): shifts 18:00-22:00 and Thu 8 April 09:00-13:00
FIRST_START = datetime(2027, 4, 7, 23, 0, tzinfo=UTC)
FIRST_END = datetime(2027, 4, 8, 3, 0, tzinfo=UTC)
SECOND_START = datetime(2027, 4, 8, 14, 0, tzinfo=UTC)
SECOND_END = datetime(2027, 4, 8, 18, 0, tzinfo=UTC)


def two_shift_job(demo, *, approve=True) -> int:
    body = nopd_body(
        shifts=[
            {"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00", "officers": 2},
            {"starts_at": "2027-04-08T09:00:00", "ends_at": "2027-04-08T13:00:00", "officers": 1},
        ]
    )
    response = client_for(demo.customer).post("/api/v1/jobs/", body, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    if approve:
        coordinator = client_for(demo.coordinator("nopd"))
        assert coordinator.post(f"/api/v1/jobs/{pk}/approve/", {}, format="json").status_code == 200
    return pk


def progress(now) -> list[str]:
    """The job-progress sweep alone (the other sweeps, e.g. the unpaid-prepayment deadline,
    would act on these unpaid jobs too)."""
    (sweep,) = [s for s in registered() if s.name == "job-progress"]
    result = run_sweep(sweep, now)
    assert result.ok, result.error
    return list(result.actions)


def test_started_at_the_first_shift_and_complete_after_the_last(demo, clock):
    pk = two_shift_job(demo)

    assert progress(FIRST_START) == [f"job {pk} started"]
    assert get_job(pk).status == Job.Status.IN_PROGRESS
    assert progress(FIRST_END) == []  # the second shift is still ahead
    assert progress(SECOND_END) == [f"job {pk} completed"]
    assert get_job(pk).status == Job.Status.COMPLETED
    assert progress(SECOND_END) == []  # idempotent
    with scopes_disabled():
        entries = list(AuditEvent.objects.filter(job_id=pk, object_type="job"))
    assert [(e.event_type, e.at) for e in entries][-2:] == [
        ("job.started", FIRST_START),
        ("job.completed", SECOND_END),
    ]
    assert entries[-1].actor_id is None  # the system, not a person


def test_nothing_moves_before_the_first_shift_starts(demo, clock):
    pk = two_shift_job(demo)
    assert progress(datetime(2027, 4, 7, 22, 59, tzinfo=UTC)) == []
    assert get_job(pk).status == Job.Status.APPROVED


def test_a_sweep_that_ran_late_completes_without_starting_first(demo, clock):
    pk = two_shift_job(demo)
    assert progress(datetime(2027, 4, 9, tzinfo=UTC)) == [f"job {pk} completed"]
    with scopes_disabled():
        types = list(
            AuditEvent.objects.filter(job_id=pk, object_type="job").values_list(
                "event_type", flat=True
            )
        )
    assert types[-1] == "job.completed" and "job.started" not in types


def test_cancelled_shifts_do_not_count(demo, clock):
    pk = two_shift_job(demo)
    with scopes_disabled():
        Shift.objects.filter(job_id=pk, index=1).update(cancelled=True)
    assert progress(FIRST_END) == [f"job {pk} completed"]


def test_a_request_nobody_approved_is_closed_at_its_start_and_the_customer_told(
    demo, clock, mailoutbox, django_capture_on_commit_callbacks
):
    pk = two_shift_job(demo, approve=False)
    assert progress(datetime(2027, 4, 7, 22, 59, tzinfo=UTC)) == []  # a coordinator may still act
    assert get_job(pk).status == Job.Status.REQUESTED

    with django_capture_on_commit_callbacks(execute=True):
        assert progress(FIRST_START) == [f"job {pk} closed: not approved before its start"]
    job = get_job(pk)
    assert job.status == Job.Status.DENIED
    assert job.cancel_reason == EXPIRED_REASON
    with scopes_disabled():
        assert not Position.objects.filter(shift__job_id=pk).exclude(status="cancelled").exists()
        entry = AuditEvent.objects.filter(job_id=pk, object_type="job").last()
    assert (entry.event_type, entry.from_state, entry.to_state, entry.actor_id) == (
        "job.expired",
        "requested",
        "denied",
        None,
    )
    (mail,) = [m for m in mailoutbox if m.subject.startswith("Request closed")]
    assert mail.to == ["customer@acme.demo"]
    assert mail.subject == "Request closed: Gallery opening"
    assert "Wed Apr 7, 6:00 PM CDT" in mail.body
    assert EXPIRED_REASON in mail.body and "504 658-8757" in mail.body
    seen = client_for(demo.customer).get(f"/api/v1/jobs/{pk}/").json()
    assert seen["status"] == "denied" and seen["cancel_reason"] == EXPIRED_REASON

    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert progress(SECOND_END) == []  # once only
    assert len(mailoutbox) == sent


def test_the_sweep_command_reports_it(demo, clock, capsys):
    pk = two_shift_job(demo)
    call_command("sweep", "--at", "2027-04-08T18:00:00Z")
    out = capsys.readouterr().out
    assert "job-progress: 1 jobs started or completed by the clock" in out
    assert f"job {pk} completed" in out


def test_a_job_in_progress_still_offers_the_shifts_ahead(demo, clock):
    """The second day's position stays on the board and can be claimed while the first day is
    being worked (PLAT-CLAIM-1)."""
    pk = two_shift_job(demo)
    progress(FIRST_START)
    assert get_job(pk).status == Job.Status.IN_PROGRESS
    clock.move_to(FIRST_END)
    officer = client_for(demo.user("officer1@nopd.demo"))
    board = officer.get("/api/v1/positions/open/").json()["results"]
    ahead = [row for row in board if row["job"] == pk]
    assert [row["starts_at"] for row in ahead] == ["2027-04-08T09:00:00-05:00"]
    claimed = officer.post(f"/api/v1/positions/{ahead[0]['id']}/claim/")
    assert claimed.status_code == 201, claimed.json()


def test_the_sweep_reads_only_jobs_that_have_started(tenant_a):
    """The sweep's reads are bounded by ``starts_at <= now`` on live statuses (the partial
    index ``job_live_starts``): with nothing due it reads no job that has not started, and the
    number of queries does not grow with the history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobs.progress import advance_jobs
    from tests.factories import JobFactory

    now = datetime(2027, 4, 1, 12, tzinfo=UTC)
    for n in range(3):  # ahead, and long over
        JobFactory(
            agency=tenant_a.agency,
            organization=tenant_a.organization,
            starts_at=datetime(2027, 5, 1 + n, 12, tzinfo=UTC),
        )
        JobFactory(
            agency=tenant_a.agency,
            organization=tenant_a.organization,
            starts_at=datetime(2026, 5, 1 + n, 12, tzinfo=UTC),
            status=Job.Status.COMPLETED,
        )
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        assert advance_jobs(now) == []
    job_reads = [q["sql"] for q in queries if 'FROM "jobs_job"' in q["sql"]]
    assert len(queries) == 3 and len(job_reads) == 3
    assert all('"jobs_job"."starts_at" <=' in sql for sql in job_reads)

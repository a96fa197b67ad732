"""Cancelling and reducing jobs: the charge comes from the engine and the job's card snapshot,
is shown before confirming, and is recorded for billing (ODM-CANCEL-0/1/2, NOPD-CANCEL-1/2)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from agencies.ratecards import current_card
from audit.models import AuditEvent
from jobs.models import JobChange, Position
from officers.models import Assignment
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, get_job, nopd_body, publish_dearer_card

pytestmark = pytest.mark.django_db

# The Asheville job of asheville_body() starts Wed 10 March 2027 at 10:00 Eastern (15:00 UTC).
WITHIN_48H = datetime(2027, 3, 9, 12, 0, tzinfo=UTC)


def book(demo, body=None, user=None) -> int:
    response = client_for(user or demo.customer).post(
        "/api/v1/jobs/", body or asheville_body(), format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def approve(demo, pk, slug="asheville"):
    response = client_for(demo.coordinator(slug)).post(
        f"/api/v1/jobs/{pk}/approve/", {}, format="json"
    )
    assert response.status_code == 200, response.json()


def preview(user, pk, **extra):
    response = client_for(user).post(
        f"/api/v1/jobs/{pk}/cancel/", {"preview": True, **extra}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["charge"]


def test_cancelling_before_approval_costs_nothing_odm_cancel_0(demo, clock):
    pk = book(demo)
    assert get_job(pk).total == Decimal("828.00")
    charge = preview(demo.customer, pk)
    assert charge["total"] == "0.00"
    assert charge["rules"] == ["ODM-CANCEL-0"]


def test_after_approval_more_than_48_hours_out_the_first_24_hours_fees_odm_cancel_1(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    charge = preview(demo.customer, pk)
    assert charge["total"] == "108.00"
    assert charge["admin_fee"] == "108.00"
    assert charge["rules"] == ["ODM-CANCEL-1"]


def test_within_48_hours_the_minimum_hours_plus_the_fees_odm_cancel_2(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    clock.move_to(WITHIN_48H)
    charge = preview(demo.customer, pk)
    assert charge["total"] == "468.00"  # 2 x 4 h x 45.00 + 108.00
    assert charge["officer_pay"] == "360.00"
    assert charge["rules"] == ["ODM-CANCEL-2"]


def test_a_preview_changes_nothing(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    preview(demo.customer, pk)
    job = get_job(pk)
    assert job.status == "approved"
    with scopes_disabled():
        assert not JobChange.objects.exists()
        # requested, approved, and invoiced at approval (NOPD-PAY-1)
        assert AuditEvent.objects.filter(job=job).count() == 3


def test_cancelling_records_the_charge_closes_positions_and_releases_officers(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    job = get_job(pk)
    officer = demo.officer("officer1@asheville.demo")
    with scopes_disabled():
        position = Position.objects.filter(shift__job=job).first()
        assignment = Assignment.objects.create(
            position=position,
            officer=officer,
            starts_at=position.shift.starts_at,
            ends_at=position.shift.ends_at,
        )
        Position.objects.filter(pk=position.pk).update(status=Position.Status.FILLED)
    clock.move_to(WITHIN_48H)
    response = client_for(demo.customer).post(
        f"/api/v1/jobs/{pk}/cancel/", {"reason": "Rained out."}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "cancelled"
    assert data["charge"]["total"] == "468.00"
    assert data["refund_due"] is False
    job = get_job(pk)
    assert job.status == "cancelled" and job.cancel_reason == "Rained out."
    with scopes_disabled():
        change = JobChange.objects.get(job=job)
        assert change.kind == "cancel"
        assert change.charge_total == Decimal("468.00")
        assert change.previous_total == Decimal("828.00")
        assert change.new_total == Decimal("0.00")
        assert change.approved is True and change.billed_at is not None  # billed at once
        assert set(Position.objects.filter(shift__job=job).values_list("status", flat=True)) == {
            "cancelled"
        }
        assignment.refresh_from_db()
        assert assignment.state == Assignment.State.CANCELLED
        assert AuditEvent.objects.filter(
            object_type="assignment", object_id=assignment.pk, to_state="cancelled"
        ).exists()
        assert AuditEvent.objects.filter(
            job=job, event_type="job.cancelled", to_state="cancelled"
        ).exists()
    again = client_for(demo.customer).post(
        f"/api/v1/jobs/{pk}/cancel/", {"reason": "Twice."}, format="json"
    )
    assert again.status_code == 409


def test_cancel_needs_a_reason(demo, clock):
    pk = book(demo)
    response = client_for(demo.customer).post(f"/api/v1/jobs/{pk}/cancel/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert get_job(pk).status == "requested"


def test_police_necessity_costs_nothing_and_refunds_everything_nopd_cancel_1(demo, clock):
    pk = book(demo, nopd_body())
    approve(demo, pk, "nopd")
    clock.move_to(datetime(2027, 4, 7, 20, 0, tzinfo=UTC))  # hours before the start
    coordinator = demo.coordinator("nopd")
    charge = preview(coordinator, pk, police_necessity=True)
    assert charge["total"] == "0.00"
    assert charge["rules"] == ["NOPD-CANCEL-1"]
    response = client_for(coordinator).post(
        f"/api/v1/jobs/{pk}/cancel/",
        {"reason": "Officers needed for a hurricane.", "police_necessity": True},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["charge"]["total"] == "0.00"
    assert response.json()["refund_due"] is True
    job = get_job(pk)
    assert job.status == "cancelled" and job.cancelled_by_agency


def test_only_the_agency_may_claim_police_necessity_nopd_cancel_1(demo, clock):
    """NOPD-CANCEL-1."""
    pk = book(demo, nopd_body())
    approve(demo, pk, "nopd")
    response = client_for(demo.customer).post(
        f"/api/v1/jobs/{pk}/cancel/",
        {"reason": "Just because.", "police_necessity": True},
        format="json",
    )
    assert response.status_code == 403
    assert get_job(pk).status == "approved"
    bad = client_for(demo.customer).post(
        f"/api/v1/jobs/{pk}/cancel/", {"preview": "yes"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "preview"


def test_a_parade_cancelled_within_2_hours_forfeits_all_fees_nopd_cancel_2(demo, clock):
    body = nopd_body(job_type="second_line", category="parade", tier=None)
    pk = book(demo, body)
    approve(demo, pk, "nopd")
    total = get_job(pk).total
    early = preview(demo.customer, pk)
    assert early["total"] == "0.00"  # NOPD publishes no other customer terms
    clock.move_to(datetime(2027, 4, 7, 22, 30, tzinfo=UTC))  # 17:30 Central, start 18:00
    charge = preview(demo.customer, pk)
    assert charge["rules"] == ["NOPD-CANCEL-2"]
    assert charge["total"] == str(total)


def test_officers_may_not_cancel(demo, clock):
    pk = book(demo)
    response = client_for(demo.user("officer1@asheville.demo")).post(
        f"/api/v1/jobs/{pk}/cancel/", {"preview": True}, format="json"
    )
    assert response.status_code == 403


def test_a_new_card_version_changes_neither_price_nor_charge_plat_snapshot_1(demo, clock):
    """PLAT-SNAPSHOT-1."""
    pk = book(demo)
    approve(demo, pk)
    publish_dearer_card()
    assert current_card("asheville").version > get_job(pk).card_version
    fresh = client_for(demo.customer).post("/api/v1/jobs/", asheville_body(), format="json")
    assert fresh.json()["total"] == "1012.00"  # the new card: 2 x 8 h x (55.00 + 8.25)
    seen = client_for(demo.customer).get(f"/api/v1/jobs/{pk}/").json()
    assert seen["total"] == "828.00"
    assert preview(demo.customer, pk)["total"] == "108.00"
    clock.move_to(WITHIN_48H)
    assert preview(demo.customer, pk)["total"] == "468.00"


# --- reducing ------------------------------------------------------------------------------------


def reduce(user, pk, body):
    return client_for(user).post(f"/api/v1/jobs/{pk}/reduce/", body, format="json")


def test_reducing_officers_is_charged_and_repriced_odm_cancel_1(demo, clock):
    """ODM-CANCEL-1."""
    pk = book(demo)
    approve(demo, pk)
    change = {"shifts": [{"index": 0, "officers": 1}]}
    shown = reduce(demo.customer, pk, {**change, "preview": True})
    assert shown.status_code == 200, shown.json()
    assert shown.json()["charge"]["total"] == "54.00"  # 8 h x 6.75 for the officer removed
    assert shown.json()["quote"]["total"] == "414.00"
    assert get_job(pk).total == Decimal("828.00")
    done = reduce(demo.customer, pk, {**change, "reason": "Smaller crowd."})
    assert done.status_code == 200, done.json()
    job = get_job(pk)
    assert job.total == Decimal("414.00")
    assert job.request_snapshot["shifts"][0]["officers"] == 1
    with scopes_disabled():
        record = JobChange.objects.get(job=job)
        assert record.kind == "reduce" and record.charge_total == Decimal("54.00")
        assert record.previous_quote["total"] == "828.00"
        assert record.new_quote["total"] == "414.00"
        statuses = sorted(Position.objects.filter(shift__job=job).values_list("status", flat=True))
        assert AuditEvent.objects.filter(job=job, event_type="job.reduced").exists()
    assert statuses == ["cancelled", "open"]


def test_reducing_within_48_hours_with_an_earlier_end_odm_cancel_2(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    clock.move_to(WITHIN_48H)
    response = reduce(
        demo.customer,
        pk,
        {"shifts": [{"index": 0, "ends_at": "2027-03-10T14:00:00"}], "preview": True},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["quote"]["total"] == "414.00"  # 2 officers x 4 h
    assert response.json()["charge"]["rules"] == ["ODM-CANCEL-2"]


@pytest.mark.parametrize(
    ("shifts", "field"),
    [
        ([{"index": 0, "officers": 3}], "shifts[0].officers"),
        ([{"index": 0, "officers": -1}], "shifts[0].officers"),
        ([{"index": 5, "officers": 1}], "shifts[0].index"),
        ([{"index": 0, "starts_at": "2027-03-10T11:00:00"}], "shifts[0].starts_at"),
        ([{"index": 0, "ends_at": "2027-03-10T19:00:00"}], "shifts[0].ends_at"),
        ([{"index": 0, "ends_at": "later"}], "shifts[0].ends_at"),
        ([{"index": 0, "officers": 0}], "shifts"),
        ([{"index": 0, "officers": 2}], "shifts"),
        ([], "shifts"),
    ],
)
def test_bad_reductions_name_the_field_and_change_nothing(demo, clock, shifts, field):
    pk = book(demo)
    approve(demo, pk)
    response = reduce(demo.customer, pk, {"shifts": shifts, "reason": "Change."})
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field
    assert get_job(pk).total == Decimal("828.00")
    with scopes_disabled():
        assert not JobChange.objects.exists()

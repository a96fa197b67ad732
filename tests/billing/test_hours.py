"""Hours worked approved by a coordinator and reconciled with the invoice (PLAT-ATTEND-1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice
from billing.services.hours import approve_hours
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from jobs.models import Job, Position, PricedCard
from jobs.services.lifecycle import complete_job, start_job
from officers.services.attendance import correct_hours
from tests.factories import AssignmentFactory, officer_of
from tests.fixtures import client_for

pytestmark = pytest.mark.django_db


def worked(job, *hours):
    """Fill the job's positions with demo officers who worked ``hours`` each (None: never came),
    then complete the job. Returns the assignments."""
    assignments = []
    with scopes_disabled():
        positions = Position.objects.filter(shift__job=job).order_by("index")
        for n, (position, h) in enumerate(zip(positions, hours, strict=True), start=1):
            position.status = Position.Status.FILLED
            position.save(update_fields=["status"])
            assignment = AssignmentFactory(
                position=position, officer=officer_of(f"officer{n}@nopd.demo")
            )
            if h is not None:
                assignment.checked_in_at = job.starts_at
                assignment.checked_out_at = job.starts_at + timedelta(hours=h)
                assignment.save()
            assignments.append(assignment)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FILLED)
    start_job(job, now=job.starts_at)
    complete_job(job, now=job.ends_at)
    return assignments


def test_an_hour_more_worked_is_invoiced_once_on_approval_plat_attend_1(demo, nopd_job):
    """PLAT-ATTEND-1: one officer stayed an hour longer: an adjustment invoice at the shift's
    billed rates (46.33 officer pay + 8.00 admin fee), due on receipt; approving twice refused."""
    worked(nopd_job, 5, 4)
    coordinator = demo.coordinator("nopd")
    document = approve_hours(nopd_job, actor=coordinator)
    assert document.kind == "invoice" and document.purpose == "hours"
    assert (str(document.officer_pay), str(document.admin_fee), str(document.total)) == (
        "46.33",
        "8.00",
        "54.33",
    )
    assert document.due_at == document.issued_at
    nopd_job.refresh_from_db()
    assert nopd_job.hours_approved_by == coordinator and nopd_job.hours_approved_at
    with pytest.raises(ConflictError):
        approve_hours(nopd_job, actor=coordinator)
    with scopes_disabled():
        assert Invoice.objects.filter(purpose="hours").count() == 1
        assert AuditEvent.objects.filter(event_type="job.hours_approved").count() == 1


def test_fewer_hours_worked_are_credited_and_a_no_show_bills_nothing_plat_attend_1(demo, nopd_job):
    """PLAT-ATTEND-1: one officer left an hour early, the other never came: a credit note on the
    job's invoice for 1 + 4 officer-hours (pay and fee apart)."""
    worked(nopd_job, 3, None)
    note = approve_hours(nopd_job, actor=demo.coordinator("nopd"))
    with scopes_disabled():
        invoice = Invoice.objects.get(job=nopd_job, purpose="job")
    assert note.kind == "credit_note" and note.refers_to == invoice
    assert (str(note.officer_pay), str(note.admin_fee), str(note.total)) == (
        "231.65",
        "40.00",
        "271.65",
    )
    assert invoice.balance_due == Decimal("162.99")


def test_the_minimum_hours_come_from_the_jobs_card_snapshot_plat_attend_1(demo, nopd_job):
    """PLAT-ATTEND-1: the card the job was priced with bills at least 4 hours: an officer who
    left after 2 hours still bills 4, so nothing changes."""
    with scopes_disabled():
        card = {**nopd_job.card_snapshot, "minimum_hours": "4"}
        priced = PricedCard.of(nopd_job.agency_id, nopd_job.card_version, card)
        Job.objects.filter(pk=nopd_job.pk).update(card=priced)
        nopd_job.refresh_from_db()
    worked(nopd_job, 2, 4)
    assert approve_hours(nopd_job, actor=demo.coordinator("nopd")) is None
    nopd_job.refresh_from_db()
    assert nopd_job.hours_approved_at is not None


def test_a_coordinator_corrects_hours_with_a_reason_before_approval_plat_attend_1(demo, nopd_job):
    """PLAT-ATTEND-1: a correction needs a reason, is audited, and moves the reconciliation;
    after approval hours can no longer be corrected; officers and customers cannot approve."""
    first, _ = worked(nopd_job, 4, 4)
    coordinator = demo.coordinator("nopd")
    with pytest.raises(DomainError):
        correct_hours(
            first,
            actor=coordinator,
            checked_in_at=nopd_job.starts_at,
            checked_out_at=nopd_job.starts_at + timedelta(hours=5),
            reason="",
        )
    correct_hours(
        first,
        actor=coordinator,
        checked_in_at=nopd_job.starts_at,
        checked_out_at=nopd_job.starts_at + timedelta(hours=5),
        reason="Stayed until the venue closed",
    )
    with scopes_disabled():
        event = AuditEvent.objects.get(event_type="assignment.hours_corrected")
    assert "Stayed until the venue closed" in event.text
    for outsider in (demo.customer, first.officer.user):
        with pytest.raises(policy.NotAllowed):
            approve_hours(nopd_job, actor=outsider)
    assert str(approve_hours(nopd_job, actor=coordinator).total) == "54.33"
    with pytest.raises(ConflictError):
        correct_hours(
            first,
            actor=coordinator,
            checked_in_at=nopd_job.starts_at,
            checked_out_at=nopd_job.starts_at + timedelta(hours=6),
            reason="Later still",
        )


def test_hours_are_approved_through_the_api_plat_attend_1(demo, nopd_job):
    worked(nopd_job, 4, 4)
    detail = f"/api/v1/jobs/{nopd_job.pk}/"
    assert client_for(demo.customer).get(detail).json()["hours_approved_at"] is None
    url = f"/api/v1/jobs/{nopd_job.pk}/hours/approve/"
    assert client_for(demo.customer).post(url, {}, format="json").status_code in (403, 404)
    response = client_for(demo.coordinator("nopd")).post(url, {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["hours_approved_at"] and body["document"] is None
    again = client_for(demo.coordinator("nopd")).post(url, {}, format="json")
    assert again.status_code == 409
    # the job's detail says when, in the agency's time (the customer's view too)
    shown = client_for(demo.customer).get(detail).json()["hours_approved_at"]
    assert datetime.fromisoformat(shown) == datetime.fromisoformat(body["hours_approved_at"])


def test_the_hours_page_corrects_with_a_reason_and_approves_plat_attend_1(demo, nopd_job):
    """PLAT-ATTEND-1 through the staff page: the times in the agency's time zone, a correction
    without a reason refused with the field named (nothing changed), one with a reason saved,
    then approval issues the adjustment; customers get a 404."""
    from tests.fixtures import browser_client

    first, _ = worked(nopd_job, 4, 4)
    url = f"/jobs/{nopd_job.pk}/hours/"
    assert browser_client(demo.customer).get(url).status_code == 404
    page = browser_client(demo.coordinator("nopd"))
    body = page.get(url).content.decode()
    assert "Approve hours worked" in body and "Wed Apr 7, 6:00 PM CDT" in body
    prefix = f"a{first.pk}"
    correction = {
        f"{prefix}-checked_in_at": "2027-04-07T18:00",
        f"{prefix}-checked_out_at": "2027-04-07T23:00",
        f"{prefix}-reason": "",
    }
    refused = page.post(f"{url}{first.pk}/correct/", correction)
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    correction[f"{prefix}-reason"] = "Stayed until the venue closed"
    assert page.post(f"{url}{first.pk}/correct/", correction).status_code == 302
    first.refresh_from_db()
    assert first.hours_worked == Decimal("5.00")
    assert page.post(f"{url}approve/").status_code == 302
    with scopes_disabled():
        adjustment = Invoice.objects.get(job=nopd_job, purpose="hours")
    assert str(adjustment.total) == "54.33"
    assert "Hours worked (approved)" in page.get(f"/jobs/{nopd_job.pk}/").content.decode()

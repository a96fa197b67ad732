"""Every job event a user expects to hear about sends one email (PLAT-NOTIFY-1): to whom, the
subject, the job's times in the agency's zone, what to do next, and the link. Sent after the
change commits; a rolled-back change mails nobody."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django_scopes import scopes_disabled

from jobs.services import cancel_job, deny_job
from officers.services.claims import claim_position, withdraw
from officers.services.substitution import substitute
from tests.notifications.helpers import html, one, to
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.django_db

SITE = "https://details.nola.test"
WHEN = "Tue Mar 9, 8:00 AM CST to Tue Mar 9, 4:00 PM CST"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "NOLA Details"


def test_request_received_and_approved_plat_notify_1(
    demo, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = book(approve=False)
    received = one("customer@acme.demo", "Request received")
    assert received.subject == "Request received: Warehouse gate"
    assert WHEN in received.body and "What to do next" in received.body
    assert f"{SITE}/jobs/{job.pk}/" in received.body
    assert f'href="{SITE}/jobs/{job.pk}/"' in html(received)
    assert "example.com" not in received.body + html(received)
    assert "NOLA Details" in received.body
    staff = one("coordinator@nopd.demo", "New request")
    assert WHEN in staff.body and "Approve or deny" in staff.body

    from jobs.services import approve_job

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        approve_job(job, actor=user("coordinator@nopd.demo"))
    approved = one("customer@acme.demo", "Request approved")
    assert WHEN in approved.body and f"{SITE}/jobs/{job.pk}/" in approved.body


def test_denied_is_essential_and_says_why_plat_notify_1(
    demo, clock, django_capture_on_commit_callbacks
):
    job = book(approve=False)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        deny_job(job, actor=user("coordinator@nopd.demo"), reason="No officers that week.")
    denied = one("customer@acme.demo", "Request denied")
    assert "No officers that week." in denied.body and WHEN in denied.body
    assert "unsubscribe" not in denied.body.lower()  # essential: no way to turn it off


def test_officer_assigned_withdrawn_and_substituted_plat_notify_1(
    demo, clock, django_capture_on_commit_callbacks
):
    job = book()
    (position,) = positions(job)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        assignment = claim_position(position.pk, actor=officer(1).user)
    assigned = one("customer@acme.demo", "Officer assigned")
    assert "Andre Fontenot" in assigned.body and WHEN in assigned.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        assignment = substitute(assignment, actor=user("coordinator@nopd.demo"), officer=officer(2))
    new_officer = one(officer(2).user.email, "You were assigned")
    assert WHEN in new_officer.body
    assert f"{SITE}/officer/assignments/{assignment.pk}/" in new_officer.body
    replaced = one("officer1@nopd.demo", "Off the detail")
    assert "replaced" in replaced.body and f"{SITE}/officer/schedule/" in replaced.body
    assert "replacing Andre Fontenot" in one("customer@acme.demo", "Officer assigned").body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        withdraw(assignment, actor=officer(2).user, now=local(2027, 3, 5, 8))
    assert one(officer(2).user.email, "Off the detail")
    assert "no longer on your detail" in one("customer@acme.demo", "Officer change").body
    assert one("coordinator@nopd.demo", "Position reopened")


def test_a_cancellation_tells_customer_coordinator_and_officers_with_the_charge_plat_notify_1(
    demo, clock, django_capture_on_commit_callbacks
):
    job = book()
    (position,) = positions(job)
    with scopes_disabled():
        claim_position(position.pk, actor=officer(1).user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        cancel_job(job, actor=user("customer@acme.demo"), reason="Event moved.")
    for address in ("customer@acme.demo", "coordinator@nopd.demo", "officer1@nopd.demo"):
        message = one(address, "Cancelled: Warehouse gate")
        assert "Event moved." in message.body and WHEN in message.body
    assert "charge" in one("customer@acme.demo", "Cancelled").body.lower()
    assert "released" in one("officer1@nopd.demo").body


def test_police_necessity_cancellation_says_no_charge_and_refund_nopd_cancel_1(
    demo, clock, django_capture_on_commit_callbacks
):
    job = book()
    (position,) = positions(job)
    with scopes_disabled():
        claim_position(position.pk, actor=officer(1).user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        cancel_job(
            job, actor=user("coordinator@nopd.demo"), reason="Hurricane.", police_necessity=True
        )
    customer = one("customer@acme.demo", "Cancelled")
    assert "police necessity" in customer.body and "refunded in full" in customer.body
    officer_mail = one("officer1@nopd.demo", "Cancelled")
    assert "off your schedule" in officer_mail.body


def test_a_rolled_back_cancellation_mails_nobody(demo, clock, django_capture_on_commit_callbacks):
    job = book()
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        scopes_disabled(),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        cancel_job(job, actor=user("customer@acme.demo"), reason="Event moved.")
        raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_the_same_notice_is_not_sent_twice(demo, clock, django_capture_on_commit_callbacks):
    from notifications import jobmail

    job = book(approve=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        jobmail.approved(job)
        jobmail.approved(job)
    assert len(to("customer@acme.demo")) == 1
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        jobmail.approved(job)  # a later run
    assert len(to("customer@acme.demo")) == 1


def test_times_follow_the_agency_zone_across_the_spring_change(
    demo, clock, django_capture_on_commit_callbacks
):
    """A shift on the Monday after clocks go forward (14 March 2027) reads in CDT."""
    start = local(2027, 3, 15, 9)
    with django_capture_on_commit_callbacks(execute=True):
        book(shifts=((start, start + timedelta(hours=4), 1),), approve=False)
    assert "Mon Mar 15, 9:00 AM CDT" in one("customer@acme.demo", "Request received").body

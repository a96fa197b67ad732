"""Changing a shift's times from the desk (issue 12): earlier, later, longer or shorter, the new
price and the charge or credit from the job's card shown before confirming, through the same
engine and billing as the customer's reduction (ODM-CANCEL-1/2, PLAT-SNAPSHOT-1); officers keep
the shift when they still can (PLAT-OVERLAP-1, NOPD-CAP-1) and are told either way."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice
from jobs.models import JobChange, Position, Shift
from officers.models import Assignment
from tests.customers.test_form_fuzz import fuzz
from tests.factories import user
from tests.fixtures import browser_client, client_for
from tests.jobs.helpers import asheville_body, get_job
from tests.officer_pages.helpers import claimed
from tests.officers.helpers import book, local, positions

pytestmark = pytest.mark.usefixtures("demo")

COORDINATOR = "coordinator@nopd.demo"


def _hidden(text: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', text)
    assert found, f"no hidden {name} on the page"
    return found.group(1)


def _mails_to(email: str) -> list:
    """The schedule-change emails to ``email`` (billing mails its documents apart)."""
    return [m for m in mail.outbox if email in m.to and m.subject.startswith("New times")]


def test_a_coordinator_moves_a_shift_later_and_longer_the_officer_keeps_it_and_all_are_told(
    clock, django_capture_on_commit_callbacks
):
    """PLAT-SNAPSHOT-1: re-priced on the job's card; the officer still free keeps the shift
    (PLAT-OVERLAP-1, NOPD-CAP-1 re-checked); audited, billed and emailed."""
    assignment = claimed("Moved gate")  # Tue Mar 9, 8 AM - 4 PM Central
    job = assignment.position.shift.job
    before = job.total
    client = browser_client(user(COORDINATOR))
    url = f"/staff/jobs/{job.pk}/schedule/"

    page = client.get(f"/jobs/{job.pk}/")
    assert f'href="{url}"' in page.text
    form = client.get(url)
    assert form.status_code == 200
    assert "Change the times of" in form.text and 'value="2027-03-09T08:00"' in form.text

    body = {"shift": 0, "starts_at": "2027-03-09T10:00", "ends_at": "2027-03-09T19:00"}
    preview = client.post(url, {**body, "action": "preview"})
    assert preview.status_code == 200
    assert "New price of the job" in preview.text
    assert "The customer pays" in preview.text and "more" in preview.text
    assert "Every officer on the shift can work the new times." in preview.text
    with scopes_disabled():
        assert not JobChange.objects.filter(job=job).exists()  # a preview changes nothing
    expected = _hidden(preview.text, "expected_total")
    expected_new = _hidden(preview.text, "expected_new_total")
    assert Decimal(expected_new) > before  # 9 hours instead of 8

    missing_reason = client.post(url, {**body, "action": "confirm"})
    assert missing_reason.status_code == 400
    assert "Reason: say why the times change" in missing_reason.text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {
                **body,
                "action": "confirm",
                "reason": "The gate opens later.",
                "expected_total": expected,
                "expected_new_total": expected_new,
            },
        )
    assert done.status_code == 302 and done["Location"] == f"/jobs/{job.pk}/"
    job = get_job(job.pk)
    assert job.total == Decimal(expected_new)
    assert job.starts_at == local(2027, 3, 9, 10) and job.ends_at == local(2027, 3, 9, 19)
    with scopes_disabled():
        shift = Shift.objects.get(job=job)
        assert (shift.starts_at, shift.ends_at) == (local(2027, 3, 9, 10), local(2027, 3, 9, 19))
        kept = Assignment.objects.get(pk=assignment.pk)
        assert kept.state == Assignment.State.ACTIVE
        assert (kept.starts_at, kept.ends_at) == (shift.starts_at, shift.ends_at)
        change = JobChange.objects.get(job=job)
        assert change.kind == JobChange.Kind.RESCHEDULE
        assert change.previous_total == before and change.new_total == job.total
        assert change.billed_at is not None  # billed at once, like a reduction
        event = AuditEvent.objects.get(job=job, event_type="job.rescheduled")
        assert event.actor == user(COORDINATOR)
        assert event.data["reason"] == "The gate opens later."
        # invoiced at approval (prepay): the added price is invoiced on its own
        adjustment = Invoice.objects.get(job=job, change=change)
        assert adjustment.kind == Invoice.Kind.INVOICE
        assert adjustment.total == job.total - before

    timeline = client.get(f"/jobs/{job.pk}/").text
    assert "Schedule changed by" in timeline and "The gate opens later." in timeline
    assert "The schedule change is billed" in timeline

    (to_customer,) = _mails_to("customer@acme.demo")
    assert to_customer.subject == "New times: Moved gate"
    assert "Tue Mar 9, 10:00 AM CST to Tue Mar 9, 7:00 PM CST" in to_customer.body
    assert "It was Tue Mar 9, 8:00 AM CST to Tue Mar 9, 4:00 PM CST." in to_customer.body
    assert "The gate opens later." in to_customer.body
    assert f"/jobs/{job.pk}/" in to_customer.body
    (to_officer,) = _mails_to("officer1@nopd.demo")
    assert to_officer.subject == "New times: Moved gate"
    assert "you are still on it" in to_officer.body
    assert "Tue Mar 9, 10:00 AM CST to Tue Mar 9, 7:00 PM CST" in to_officer.body
    assert f"assignments/{assignment.pk}/" in to_officer.body


def test_an_officer_who_would_overlap_another_detail_is_released_and_told_plat_overlap_1(
    clock, django_capture_on_commit_callbacks
):
    morning = claimed("Morning gate", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 12), 1),))
    claimed("Afternoon gate", shifts=((local(2027, 3, 9, 13), local(2027, 3, 9, 17), 1),))
    job = morning.position.shift.job
    api = client_for(user(COORDINATOR))
    body = {"shift": 0, "starts_at": "2027-03-09T10:00:00", "ends_at": "2027-03-09T14:00:00"}
    preview = api.post(f"/api/v1/jobs/{job.pk}/schedule/", {**body, "preview": True}, "json")
    assert preview.status_code == 200, preview.json()
    (released,) = preview.json()["released"]
    assert released["assignment"] == morning.pk
    assert "The new times overlap their" in released["why"] and "Afternoon gate" in released["why"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = api.post(
            f"/api/v1/jobs/{job.pk}/schedule/", {**body, "reason": "Later start."}, "json"
        )
    assert done.status_code == 200, done.json()
    assert done.json()["change"]["kind"] == "reschedule"
    assert done.json()["change"]["shift_changes"][0]["starts_at_before"].startswith(
        "2027-03-09T08:00:00"
    )
    with scopes_disabled():
        gone = Assignment.objects.get(pk=morning.pk)
        assert gone.state == Assignment.State.CANCELLED
        assert Position.objects.get(pk=morning.position_id).status == Position.Status.OPEN
        assert get_job(job.pk).status == "approved"  # a position to fill again
        assert AuditEvent.objects.filter(
            object_type="assignment", object_id=morning.pk, event_type="assignment.cancelled"
        ).exists()
    (to_officer,) = _mails_to("officer1@nopd.demo")
    assert "you cannot work them" in to_officer.body
    assert "Afternoon gate" in to_officer.body
    assert "Tue Mar 9, 10:00 AM CST to Tue Mar 9, 2:00 PM CST" in to_officer.body
    assert _mails_to("customer@acme.demo")


def test_an_officer_the_longer_shift_would_take_over_16_hours_in_24_is_released_nopd_cap_1(clock):
    first = claimed("Day gate", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    claimed("Evening gate", shifts=((local(2027, 3, 9, 17), local(2027, 3, 9, 23), 1),))
    api = client_for(user(COORDINATOR))
    job = first.position.shift.job
    url = f"/api/v1/jobs/{job.pk}/schedule/"
    fits = {"shift": 0, "starts_at": "2027-03-09T06:00:00", "ends_at": "2027-03-09T16:00:00"}
    answer = api.post(url, {**fits, "preview": True}, "json")
    assert answer.status_code == 200 and answer.json()["released"] == []  # 16 h: at the cap
    over = {**fits, "starts_at": "2027-03-09T05:00:00"}
    (released,) = api.post(url, {**over, "preview": True}, "json").json()["released"]
    assert released["why"] == "The new times would make 17 h in 24 h; the limit is 16."


def test_a_later_start_inside_the_window_is_charged_like_a_reduction_odm_cancel_2(clock):
    """ODM-CANCEL-2: hours taken away within 48 hours are charged by the card's rule, the same
    engine as the customer's reduction; the customer is credited the rest."""
    customer = client_for(user("customer@acme.demo"))
    created = customer.post("/api/v1/jobs/", asheville_body(), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    coordinator = client_for(user("coordinator@asheville.demo"))
    assert coordinator.post(f"/api/v1/jobs/{pk}/approve/", {}, format="json").status_code == 200
    clock.move_to(datetime(2027, 3, 9, 12, 0, tzinfo=UTC))  # 27 hours before the start
    url = f"/api/v1/jobs/{pk}/schedule/"
    shorter = {"shift": 0, "starts_at": "2027-03-10T10:00:00", "ends_at": "2027-03-10T16:00:00"}
    preview = coordinator.post(url, {**shorter, "preview": True}, format="json").json()
    reduced = coordinator.post(
        f"/api/v1/jobs/{pk}/reduce/",
        {"preview": True, "shifts": [{"index": 0, "ends_at": "2027-03-10T16:00:00"}]},
        format="json",
    ).json()
    assert preview["charge"] == reduced["charge"]  # an earlier end: exactly the reduction's
    assert preview["quote"]["total"] == reduced["quote"]["total"]
    later = {"shift": 0, "starts_at": "2027-03-10T12:00:00", "ends_at": "2027-03-10T18:00:00"}
    moved = coordinator.post(url, {**later, "preview": True}, format="json").json()
    assert Decimal(moved["charge"]["total"]) > 0
    assert moved["charge"]["rules"] == ["ODM-CANCEL-2"]
    before = get_job(pk).total
    new = Decimal(moved["quote"]["total"])
    assert Decimal(moved["difference"]) == new - before + Decimal(moved["charge"]["total"])
    assert Decimal(moved["difference"]) < 0  # a credit
    done = coordinator.post(
        url,
        {
            **later,
            "reason": "Market opens at noon.",
            "expected_total": moved["charge"]["total"],
            "expected_new_total": moved["quote"]["total"],
        },
        format="json",
    )
    assert done.status_code == 200, done.json()
    with scopes_disabled():
        change = JobChange.objects.get(job_id=pk)
        note = Invoice.objects.get(job_id=pk, change=change)
        assert note.kind == Invoice.Kind.CREDIT_NOTE
        assert note.total == -Decimal(moved["difference"])


def test_a_changed_price_is_refused_and_nothing_changes(clock):
    (position,) = positions(book("Priced gate"))
    api = client_for(user(COORDINATOR))
    job = position.shift.job
    body = {
        "shift": 0,
        "starts_at": "2027-03-09T09:00:00",
        "ends_at": "2027-03-09T16:00:00",
        "reason": "Later.",
        "expected_new_total": "1.00",
    }
    answer = api.post(f"/api/v1/jobs/{job.pk}/schedule/", body, "json")
    assert answer.status_code == 409
    assert "The new price is now" in answer.json()["detail"]
    with scopes_disabled():
        assert not JobChange.objects.filter(job=job).exists()


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field", "words"),
    [
        ("2027-03-09T12:00:00", "2027-03-09T10:00:00", "ends_at", "after the start"),
        ("2027-02-27T08:00:00", "2027-02-27T16:00:00", "starts_at", "in the past"),
        ("2027-03-09T02:00:00", "2027-03-09T23:00:00", "ends_at", "at most"),
        ("2027-03-09T08:00:00", "2027-03-09T16:00:00", "starts_at", "Nothing would change"),
        ("2127-03-09T08:00:00", "2127-03-09T16:00:00", "starts_at", "ahead"),
    ],
)
def test_bad_times_are_refused_in_words_and_change_nothing_plat_limit_1(
    clock, starts_at, ends_at, field, words
):
    (position,) = positions(book("Bad times"))
    job = position.shift.job
    api = client_for(user(COORDINATOR))
    body = {"shift": 0, "starts_at": starts_at, "ends_at": ends_at, "reason": "Why not."}
    answer = api.post(f"/api/v1/jobs/{job.pk}/schedule/", body, "json")
    assert answer.status_code == 400, answer.json()
    assert answer.json()["field"] == field
    assert words in answer.json()["detail"]
    with scopes_disabled():
        assert not JobChange.objects.filter(job=job).exists()
        assert Shift.objects.get(job=job).starts_at == local(2027, 3, 9, 8)


def test_the_page_says_what_is_wrong_with_the_times_plat_limit_1(clock):
    (position,) = positions(book("Page times"))
    client = browser_client(user(COORDINATOR))
    url = f"/staff/jobs/{position.shift.job_id}/schedule/"
    wrong = {"shift": 0, "starts_at": "2027-03-09T12:00", "ends_at": "2027-03-09T10:00"}
    answer = client.post(url, {**wrong, "action": "preview"})
    assert answer.status_code == 400
    assert "The end must be after the start." in answer.text
    garbled = client.post(url, {"shift": 0, "starts_at": "soon", "ends_at": "", "action": "x"})
    assert garbled.status_code == 400
    assert "New start: give the date and time like" in garbled.text
    assert "New end: give the date and time." in garbled.text


def test_customers_and_officers_cannot_change_the_times(clock):
    (position,) = positions(book("Not yours"))
    job = position.shift.job
    body = {"shift": 0, "starts_at": "2027-03-09T09:00:00", "ends_at": "2027-03-09T16:00:00"}
    for email in ("customer@acme.demo", "officer1@nopd.demo"):
        answer = client_for(user(email)).post(f"/api/v1/jobs/{job.pk}/schedule/", body, "json")
        assert answer.status_code in (403, 404)
        page = browser_client(user(email)).get(f"/staff/jobs/{job.pk}/schedule/")
        assert page.status_code == 404
    with scopes_disabled():
        assert not JobChange.objects.filter(job=job).exists()


def test_a_shift_already_started_or_missing_is_named_plat_limit_1(clock):
    (position,) = positions(book("Started gate"))
    job = position.shift.job
    api = client_for(user(COORDINATOR))
    url = f"/api/v1/jobs/{job.pk}/schedule/"
    body = {"starts_at": "2027-03-09T10:00:00", "ends_at": "2027-03-09T18:00:00", "reason": "x"}
    missing = api.post(url, {**body, "shift": 7}, "json")
    assert missing.status_code == 400 and missing.json()["field"] == "shift"
    assert "no such shift" in missing.json()["detail"]
    clock.move_to(local(2027, 3, 9, 9))
    started = api.post(url, {**body, "shift": 0}, "json")
    assert started.status_code == 400 and started.json()["field"] == "shift"
    assert "already started" in started.json()["detail"]


def test_the_schedule_form_answers_bad_input_in_words_plat_limit_1(clock):
    """PLAT-LIMIT-1: every field of the schedule page, preview and confirm, fed bad values."""
    (position,) = positions(book("Fuzzed gate"))
    client = browser_client(user(COORDINATOR))
    url = f"/staff/jobs/{position.shift.job_id}/schedule/"
    form = {
        "shift": "0",
        "starts_at": "2027-03-09T09:00",
        "ends_at": "2027-03-09T16:00",
        "reason": "",
        "expected_total": "0.00",
        "expected_new_total": "1.00",
    }
    fuzz(client, url, {**form, "action": "preview"})
    fuzz(client, url, {**form, "action": "confirm"})
    with scopes_disabled():
        assert not JobChange.objects.filter(job_id=position.shift.job_id).exists()

"""Cancel or reduce in the browser: the charge is the engine's (from the job's card snapshot),
shown before the customer confirms; confirming records it (ODM-CANCEL-0/1/2, NOPD-CANCEL-1).
Asheville, 2 officers x 8 h regular: 0.00 before approval, 108.00 after approval more than 48 h
out, 468.00 within 48 h."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from jobs.models import Job, JobChange
from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import field_error, text_of

pytestmark = pytest.mark.django_db


def charge_shown(response) -> str:
    match = re.search(r'data-testid="charge-total">([^<]+)<', response.content.decode())
    assert match, "no charge on the page"
    return match.group(1)


def changes(job) -> list[JobChange]:
    with scopes_disabled():
        return list(JobChange.objects.filter(job=job))


def status_of(job) -> str:
    with scopes_disabled():
        return Job.objects.get(pk=job.pk).status


def test_before_approval_cancelling_is_free_odm_cancel_0(demo, clock):
    """ODM-CANCEL-0."""
    job = make_job(demo)
    assert charge_shown(browser_client(demo.customer).get(f"/jobs/{job.pk}/cancel/")) == "$0.00"


def test_after_approval_the_charge_is_shown_then_recorded_odm_cancel_1(demo, clock):
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    page = client.get(f"/jobs/{job.pk}/cancel/")
    assert page.status_code == 200
    assert charge_shown(page) == "$108.00"
    assert "ODM-CANCEL-1" in text_of(page)
    assert changes(job) == []  # looking changes nothing
    response = client.post(
        f"/jobs/{job.pk}/cancel/",
        {
            "action": "cancel",
            "cancel-reason": "Event moved indoors",
            "cancel-expected_total": "108.00",
        },
    )
    assert response.status_code == 302
    (change,) = changes(job)
    assert str(change.charge_total) == "108.00"
    assert status_of(job) == Job.Status.CANCELLED
    body = text_of(client.get(response["Location"]))
    assert "Charge: $108.00" in body
    assert "Event moved indoors" in body


def test_within_48_hours_the_minimum_hours_are_charged_too_odm_cancel_2(demo, clock):
    job = make_job(demo, approve=True)
    clock.move_to("2027-03-09T12:00:00Z")
    page = browser_client(demo.customer).get(f"/jobs/{job.pk}/cancel/")
    assert charge_shown(page) == "$468.00"
    assert "ODM-CANCEL-2" in text_of(page)


def test_a_charge_that_changed_since_the_page_was_shown_is_not_confirmed_blindly(demo, clock):
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    response = client.post(
        f"/jobs/{job.pk}/cancel/",
        {"action": "cancel", "cancel-reason": "Rain", "cancel-expected_total": "0.00"},
    )
    assert response.status_code == 400
    assert "The charge is now $108.00" in text_of(response)
    assert changes(job) == [] and status_of(job) == Job.Status.APPROVED
    assert 'name="cancel-expected_total" value="108.00"' in response.content.decode()


def test_cancelling_needs_a_reason_and_saves_nothing_without_one(demo, clock):
    job = make_job(demo, approve=True)
    response = browser_client(demo.customer).post(
        f"/jobs/{job.pk}/cancel/", {"action": "cancel", "cancel-reason": ""}
    )
    assert response.status_code == 400
    assert "say why" in field_error(response, "id_cancel-reason").lower()
    assert changes(job) == [] and status_of(job) == Job.Status.APPROVED


def test_police_necessity_is_the_agencys_no_charge_full_refund_nopd_cancel_1(demo, clock):
    """NOPD-CANCEL-1."""
    job = make_job(
        demo, agency="nopd", start="2027-04-07T18:00:00", end="2027-04-07T22:00:00", approve=True
    )
    customer = browser_client(demo.customer)
    assert "Police necessity" not in text_of(customer.get(f"/jobs/{job.pk}/cancel/"))
    refused = customer.post(
        f"/jobs/{job.pk}/cancel/",
        {"action": "cancel", "cancel-reason": "x", "cancel-police_necessity": "on"},
    )
    assert refused.status_code == 400
    assert "Only the agency can cancel for police necessity" in text_of(refused)
    assert changes(job) == []
    staff = browser_client(demo.coordinator("nopd"))
    assert "Police necessity" in text_of(staff.get(f"/jobs/{job.pk}/cancel/"))
    response = staff.post(
        f"/jobs/{job.pk}/cancel/",
        {
            "action": "cancel",
            "cancel-reason": "Officers needed for a storm",
            "cancel-police_necessity": "on",
        },
    )
    assert response.status_code == 302
    (change,) = changes(job)
    assert str(change.charge_total) == "0.00"
    assert change.police_necessity and change.refund_due


def test_reduce_shows_the_charge_and_new_price_then_records_it_odm_cancel_1(demo, clock):
    """ODM-CANCEL-1."""
    job = make_job(demo, approve=True)
    index = 0  # the shift's Shift.index
    client = browser_client(demo.customer)
    form = {f"reduce-{index}-officers": "1", f"reduce-{index}-end": "18:00"}
    preview = client.post(f"/jobs/{job.pk}/cancel/", {**form, "action": "preview_reduce"})
    assert preview.status_code == 200
    body = text_of(preview)
    assert "Reducing now costs" in body
    assert "New price of the job: $414.00" in body
    assert changes(job) == []
    shown = {
        name: preview.content.decode().split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
        for name in ("reduce-expected_total", "reduce-expected_new_total")
    }
    key = f"{shown['reduce-expected_total']}/{shown['reduce-expected_new_total']}"
    done = client.post(
        f"/jobs/{job.pk}/cancel/",
        {**form, **shown, "action": "reduce", "reduce-reason": "Smaller crowd"},
    )
    assert done.status_code == 302
    (change,) = changes(job)
    assert change.kind == JobChange.Kind.REDUCE
    assert str(change.new_total) == "414.00"
    assert f"{change.charge_total}/{change.new_total}" == key


@pytest.mark.parametrize(
    ("officers", "end", "slot", "words"),
    [
        ("two", "18:00", "officers", "number"),
        ("3", "18:00", "officers", "only lower"),
        ("2", "7 pm", "end", "end time"),
        ("2", "19:00", "end", "earlier"),
    ],
)
def test_bad_reduction_input_is_named_and_saves_nothing(demo, clock, officers, end, slot, words):
    job = make_job(demo, approve=True)
    response = browser_client(demo.customer).post(
        f"/jobs/{job.pk}/cancel/",
        {"action": "preview_reduce", "reduce-0-officers": officers, "reduce-0-end": end},
    )
    assert response.status_code == 400
    assert words in field_error(response, f"id_reduce-0-{slot}").lower()
    assert changes(job) == []


def test_a_reduction_that_changes_nothing_says_so(demo, clock):
    job = make_job(demo, approve=True)
    response = browser_client(demo.customer).post(
        f"/jobs/{job.pk}/cancel/",
        {"action": "preview_reduce", "reduce-0-officers": "2", "reduce-0-end": "18:00"},
    )
    assert response.status_code == 400
    assert "Nothing would change" in text_of(response)


def test_a_cancelled_job_cannot_be_cancelled_again(demo, clock):
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    client.post(f"/jobs/{job.pk}/cancel/", {"action": "cancel", "cancel-reason": "Rain"})
    response = client.get(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    assert "cannot be changed now" in text_of(client.get(response["Location"]))
    assert len(changes(job)) == 1


def test_a_reduction_whose_charge_changed_is_not_confirmed_blindly(demo, clock):
    """The charge and new price the page showed travel with the confirmation; the service
    refuses a different figure and the page shows the figure now."""
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    form = {"reduce-0-officers": "1", "reduce-0-end": "18:00", "reduce-reason": "Smaller crowd"}
    response = client.post(
        f"/jobs/{job.pk}/cancel/",
        {
            **form,
            "action": "reduce",
            "reduce-expected_total": "0.00",
            "reduce-expected_new_total": "414.00",
        },
    )
    assert response.status_code == 400
    assert "The charge is now" in text_of(response)
    assert changes(job) == []
    again = response.content.decode().split('name="reduce-expected_total" value="', 1)[1]
    assert again.split('"', 1)[0] != "0.00"  # the page holds the figure it shows now


def test_after_a_reduction_the_job_page_counts_the_positions_still_wanted(demo, clock):
    """2 officers reduced to 1: "1 officer · 0 of 1 filled", not "of 2"."""
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    form = {"reduce-0-officers": "1", "reduce-0-end": "18:00"}
    preview = client.post(f"/jobs/{job.pk}/cancel/", {**form, "action": "preview_reduce"})
    shown = {
        name: preview.content.decode().split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
        for name in ("reduce-expected_total", "reduce-expected_new_total")
    }
    done = client.post(
        f"/jobs/{job.pk}/cancel/",
        {**form, **shown, "action": "reduce", "reduce-reason": "Smaller crowd"},
    )
    assert done.status_code == 302
    page = text_of(client.get(f"/jobs/{job.pk}/"))
    assert "1 officer · 0 of 1 filled" in page
    assert "of 2 filled" not in page

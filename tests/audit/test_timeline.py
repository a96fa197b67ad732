"""The job timeline is rendered from audit events when shown (PLAT-AUDIT-1): an event written by
one app (officers) shows on the job page and in the API in words; the sentences read as they
always have, with money formatted when shown; what is stored is data, never a sentence."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from jobs.models import Position
from tests.customers.helpers import text_of
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body

pytestmark = pytest.mark.django_db


def post(user, url, body=None) -> dict:
    response = client_for(user).post(url, body or {}, format="json")
    assert response.status_code in (200, 201), response.json()
    return response.json()


def booked_and_approved(demo) -> int:
    pk = post(demo.customer, "/api/v1/jobs/", asheville_body())["id"]
    post(demo.coordinator("asheville"), f"/api/v1/jobs/{pk}/approve/")
    return pk


def positions(pk: int) -> list[Position]:
    with scopes_disabled():
        return list(Position.objects.filter(shift__job_id=pk).order_by("index"))


def page_of(user, pk: int) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/jobs/{pk}/")
    assert response.status_code == 200
    return text_of(response)


def api_timeline(user, pk: int) -> list[dict]:
    response = client_for(user).get(f"/api/v1/jobs/{pk}/")
    assert response.status_code == 200
    return response.json()["timeline"]


def test_a_claim_written_by_the_officers_app_shows_on_the_job_page_and_in_the_api_plat_audit_1(
    demo, clock
):
    """PLAT-AUDIT-1: the officers app records the claim; the jobs app's page and API render it."""
    pk = booked_and_approved(demo)
    officer = demo.officer("officer1@asheville.demo")
    claimed = client_for(officer.user).post(f"/api/v1/positions/{positions(pk)[0].pk}/claim/")
    assert claimed.status_code == 201, claimed.json()

    sentence = f"Caleb Whitaker claimed Officer 1 on Shift 1 of job #{pk}."
    assert sentence in page_of(demo.customer, pk)
    assert sentence in page_of(demo.coordinator("asheville"), pk)
    last = api_timeline(demo.customer, pk)[-1]
    assert last == {
        "at": last["at"],
        "action": "claimed",
        "from": "",
        "to": "active",
        "message": sentence,
        "by": "Caleb Whitaker",
    }
    with scopes_disabled():
        event = AuditEvent.objects.get(job_id=pk, event_type="assignment.claimed")
    assert event.data == {
        "position": positions(pk)[0].pk,
        "role": "officer",
        "position_number": 1,
        "shift_number": 1,
        "officer": officer.pk,
        "officer_name": "Caleb Whitaker",
        "actor_name": "Caleb Whitaker",
    }


def test_the_timeline_reads_as_before_with_money_formatted_when_shown_plat_audit_1(demo, clock):
    """PLAT-AUDIT-1: request, approval, a reduction and a cancellation, in words; prices read
    "$828.00 -> $414.00", not "828.00 -> 414.00 USD"."""
    pk = booked_and_approved(demo)
    for position, email in zip(positions(pk), ("officer1", "officer2"), strict=True):
        user = demo.officer(f"{email}@asheville.demo").user
        assert client_for(user).post(f"/api/v1/positions/{position.pk}/claim/").status_code == 201
    post(
        demo.customer,
        f"/api/v1/jobs/{pk}/reduce/",
        {"shifts": [{"index": 0, "officers": 1}], "reason": "Smaller crowd"},
    )
    post(demo.customer, f"/api/v1/jobs/{pk}/cancel/", {"reason": "Rained out."})

    expected = [
        ("requested", "Requested by Jordan Reyes: $828.00."),
        (
            "approved",
            "Approved by Owen Buckner; Owen Buckner coordinates. Positions posted to officers.",
        ),
        # a prepay card: invoiced at approval; each change billed when it happens (docs/billing.md)
        ("invoiced", "Invoice ASHEVILLE-2027-000001 issued by DetailHire: $828.00."),
        ("claimed", f"Caleb Whitaker claimed Officer 1 on Shift 1 of job #{pk}."),
        ("claimed", f"Hannah Greer claimed Officer 2 on Shift 1 of job #{pk}."),
        ("filled", "Every position is filled."),
        ("cancelled", "Hannah Greer released: the job was reduced."),
        (
            "reduced",
            "Reduced by Jordan Reyes: Smaller crowd. Price $828.00 -> $414.00; charge $54.00.",
        ),
        (
            "credited",
            "Credit note ASHEVILLE-2027-000002 issued by DetailHire on invoice "
            "ASHEVILLE-2027-000001: $360.00 (Smaller crowd).",
        ),
        ("billed", "The reduction is billed: ASHEVILLE-2027-000002."),
        ("cancelled", "Caleb Whitaker released: the job was cancelled."),
        ("cancelled", "Cancelled by Jordan Reyes: Rained out. Charge $54.00."),
        (
            "credited",
            "Credit note ASHEVILLE-2027-000003 issued by DetailHire on invoice "
            "ASHEVILLE-2027-000001: $414.00 (Rained out.).",
        ),
        ("billed", "The cancellation is billed: ASHEVILLE-2027-000003."),
    ]
    assert [(e["action"], e["message"]) for e in api_timeline(demo.customer, pk)] == expected
    page = page_of(demo.customer, pk)
    for _action, sentence in expected:
        assert sentence in page


def test_events_store_data_never_sentences_plat_audit_1(demo, clock):
    """PLAT-AUDIT-1: amounts are decimal strings with a currency code; no "$", no sentence."""
    pk = booked_and_approved(demo)
    officer = demo.officer("officer1@asheville.demo").user
    claimed = client_for(officer).post(f"/api/v1/positions/{positions(pk)[0].pk}/claim/")
    assert claimed.status_code == 201
    post(
        demo.customer,
        f"/api/v1/jobs/{pk}/reduce/",
        {"shifts": [{"index": 0, "officers": 1}], "reason": "Smaller crowd"},
    )
    post(demo.customer, f"/api/v1/jobs/{pk}/cancel/", {"reason": "Rained out."})
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(job_id=pk))
    assert {"job.requested", "assignment.claimed", "job.reduced", "job.cancelled"} <= {
        event.event_type for event in events
    }
    for event in events:
        stored = json.dumps(event.data)
        assert "$" not in stored, stored
        assert event.text not in stored
        assert "legacy_text" not in event.data
    by_type = {event.event_type: event.data for event in events}
    assert by_type["job.requested"]["total"] == "828.00"
    assert by_type["job.requested"]["currency"] == "USD"
    reduced = by_type["job.reduced"]
    assert (reduced["previous_total"], reduced["total"], reduced["charge_total"]) == (
        "828.00",
        "414.00",
        "54.00",
    )
    assert by_type["job.cancelled"]["charge_total"] == "54.00"


def test_old_entries_and_unknown_types_read_sensibly_on_the_job_page(demo, clock):
    """An entry migrated from the old log shows its sentence as written; a type no app registers
    (yet) shows as its name in words."""
    pk = booked_and_approved(demo)
    with scopes_disabled():
        job = AuditEvent.objects.filter(job_id=pk).first().job
        common = {
            "agency_id": job.agency_id,
            "job": job,
            "object_id": job.pk,
            "at": job.requested_at,
        }
        AuditEvent.objects.create(
            event_type="job.approved",
            object_type="job",
            data={"coordinator": 1, "legacy_text": "Approved by Ann Old; Ann Old coordinates."},
            **common,
        )
        AuditEvent.objects.create(
            event_type="invoice.issued",
            object_type="invoice",
            from_state="draft",
            to_state="issued",
            **common,
        )
    page = page_of(demo.customer, pk)
    assert "Approved by Ann Old; Ann Old coordinates." in page
    assert "Invoice issued (draft -> issued)." in page
    messages = [e["message"] for e in api_timeline(demo.customer, pk)]
    assert "Invoice issued (draft -> issued)." in messages

"""Event types and the writer (PLAT-AUDIT-1): each type is registered by the app that writes it,
renders from data, and is written in the caller's transaction; old and unknown types still read
sensibly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from audit import registry
from audit.log import object_type_of, record
from audit.models import AuditEvent
from tests.customers.conftest import make_job

pytestmark = pytest.mark.django_db


def test_the_apps_register_every_event_they_write():
    names = set(registry.registered())
    assert {
        "job.requested",
        "job.approved",
        "job.denied",
        "job.expired",
        "job.cancelled",
        "job.reduced",
        "job.filled",
        "job.reopened",
        "job.started",
        "job.completed",
        "assignment.cancelled",
        "assignment.claimed",
        "assignment.withdrawn",
        "assignment.released",
        "assignment.replaced",
        "assignment.substituted",
        "assignment.checked_in",
        "assignment.checked_out",
        "note.added",
        "officer.invited",
    } <= names


@pytest.mark.parametrize("name", sorted(registry.registered()))
def test_every_event_type_renders_even_without_data(name):
    """A template over missing data still gives a sentence, never an error."""
    text = registry.render(name, {})
    assert text and "{" not in text


def test_a_type_is_registered_once(monkeypatch):
    monkeypatch.setattr(registry, "_TYPES", dict(registry.registered()))
    registry.event_type("test.once", action="once", text="Once.")
    registry.event_type("test.once", action="once", text="Once.")  # the same again: fine
    with pytest.raises(ValueError, match="already registered"):
        registry.event_type("test.once", action="once", text="Twice.")
    with pytest.raises(ValueError, match="<subject>.<event>"):
        registry.event_type("nodot", action="x", text="x")


def test_money_is_formatted_when_shown_plat_audit_1():
    """PLAT-AUDIT-1: "651.96" with "USD" reads "$651.96"; other currencies keep their code."""
    data = {
        "reason": "Half the crowd",
        "previous_total": "651.96",
        "total": "325.98",
        "currency": "USD",
        "charge_total": "1234.5",
        "actor_name": "Jordan Reyes",
    }
    assert registry.render("job.reduced", data) == (
        "Reduced by Jordan Reyes: Half the crowd. Price $651.96 -> $325.98; charge $1,234.50."
    )
    assert "Price 651.96 CHF -> 325.98 CHF" in registry.render(
        "job.reduced", {**data, "currency": "CHF"}
    )


def test_the_system_is_named_when_nobody_acted():
    assert (
        registry.render("job.denied", {"reason": "Too late."}) == "Denied by DetailHire: Too late."
    )


def test_a_legacy_event_shows_its_old_sentence_and_an_unknown_type_its_name():
    assert (
        registry.render("job.approved", {"legacy_text": "Approved by Owen."}) == "Approved by Owen."
    )
    assert registry.render("billing.invoice_issued", {}) == "Billing invoice issued."
    assert (
        registry.render("billing.invoice_paid", {}, from_state="issued", to_state="paid")
        == "Billing invoice paid (issued -> paid)."
    )
    assert registry.action_of("billing.invoice_paid") == "invoice_paid"
    assert registry.action_of("note.added") == "note_added"


def test_sentences_are_plain_text_escaped_once_by_the_page():
    text = registry.render("job.denied", {"reason": "<b>No</b> & no", "actor_name": "O'Neil"})
    assert text == "Denied by O'Neil: <b>No</b> & no"


def test_record_writes_data_in_the_callers_transaction_plat_audit_1(demo, clock):
    """PLAT-AUDIT-1: the event commits or rolls back with the change it records."""
    job = make_job(demo)
    with scopes_disabled():
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            record(job, actor=demo.customer, event="job.started", data={"n": 1})
            raise RuntimeError
        assert AuditEvent.objects.count() == before

        event = record(
            job,
            actor=None,
            event="job.completed",
            from_state="in_progress",
            to_state="completed",
            data={"amount": Decimal("12.50"), "at": clock_now(), "ids": (1, 2)},
        )
        event.refresh_from_db()
    assert (event.job_id, event.agency_id, event.actor_id) == (job.pk, job.agency_id, None)
    assert (event.object_type, event.object_id) == ("job", job.pk)
    assert event.data == {"amount": "12.50", "at": "2027-03-01T12:00:00+00:00", "ids": [1, 2]}
    assert event.text == "The last shift ended: the job is complete."
    assert event.action == "completed"


def clock_now():
    from django.utils import timezone

    return timezone.now()


def test_record_refuses_unknown_types_and_values_that_are_not_data(demo, clock):
    job = make_job(demo)
    with scopes_disabled():
        with pytest.raises(ValueError, match="Unknown event type"):
            record(job, actor=None, event="job.teleported")
        with pytest.raises(TypeError, match="not data"):
            record(job, actor=None, event="job.started", data={"job": job})
        assert not AuditEvent.objects.filter(event_type="job.teleported").exists()


def test_object_types_are_the_model_names_in_snake_case():
    class JobChange:
        pass

    class Assignment:
        pass

    assert object_type_of(JobChange()) == "job_change"
    assert object_type_of(Assignment()) == "assignment"

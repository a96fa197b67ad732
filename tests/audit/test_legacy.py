"""The audit entries of the jobs app (an action and a stored sentence) moved to the audit log:
each becomes an event of the matching type, keeping its details and its sentence, which it shows
as it was (PLAT-AUDIT-1: nothing history depends on is lost)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django_scopes import scopes_disabled

from audit.legacy import action_for, entry_details, event_data, event_type_for
from audit.models import AuditEvent
from tests.customers.conftest import make_job

copying = importlib.import_module("audit.migrations.0002_copy_job_audit_entries")

OLD_ENTRIES = [
    # (object_type, action) -> event type
    (("job", "requested"), "job.requested"),
    (("job", "approved"), "job.approved"),
    (("job", "denied"), "job.denied"),
    (("job", "expired"), "job.expired"),
    (("job", "cancelled"), "job.cancelled"),
    (("job", "reduced"), "job.reduced"),
    (("job", "filled"), "job.filled"),
    (("job", "reopened"), "job.reopened"),
    (("job", "started"), "job.started"),
    (("job", "completed"), "job.completed"),
    (("assignment", "cancelled"), "assignment.cancelled"),
    (("assignment", "claimed"), "assignment.claimed"),
    (("assignment", "withdrawn"), "assignment.withdrawn"),
    (("assignment", "released"), "assignment.released"),
    (("assignment", "replaced"), "assignment.replaced"),
    (("assignment", "substituted"), "assignment.substituted"),
    (("assignment", "checked_in"), "assignment.checked_in"),
    (("assignment", "checked_out"), "assignment.checked_out"),
    (("assignment", "note_added"), "note.added"),
    (("officer", "officer_invited"), "officer.invited"),
    (("invoice", "issued"), "invoice.issued"),  # a type nobody registers yet
    (("", ""), "object.changed"),
]


@pytest.mark.parametrize(("old", "event_type"), OLD_ENTRIES)
def test_each_old_action_maps_to_an_event_type_and_back(old, event_type):
    assert event_type_for(*old) == event_type
    if old[1]:
        assert action_for(event_type) == old[1]


def test_the_old_sentence_is_kept_as_legacy_text_with_the_details():
    data = event_data("Requested by Jordan Reyes: $828.00.", {"total": "828.00"})
    assert data == {"total": "828.00", "legacy_text": "Requested by Jordan Reyes: $828.00."}
    assert event_data("", {"total": "1.00"}) == {"total": "1.00"}
    assert event_data("Odd.", ["not", "a", "dict"]) == {
        "details": ["not", "a", "dict"],
        "legacy_text": "Odd.",
    }
    assert entry_details(data) == ("Requested by Jordan Reyes: $828.00.", {"total": "828.00"})
    assert entry_details({"total": "1.00"}) == ("", {"total": "1.00"})


class _Entries:
    """The old table as the migration reads it (``_base_manager.order_by().iterator()``)."""

    def __init__(self, rows):
        self.rows = rows
        self._base_manager = self

    def order_by(self, *fields):
        return self

    def iterator(self, chunk_size):
        return iter(self.rows)


@pytest.mark.django_db
def test_the_data_migration_copies_old_entries_as_events_that_read_as_before(demo, clock):
    """PLAT-AUDIT-1: every old row is kept, with its sentence shown as it was written."""
    job = make_job(demo)
    coordinator = demo.coordinator("asheville")
    at = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)
    old = [
        SimpleNamespace(
            agency_id=job.agency_id,
            actor_id=coordinator.pk,
            object_type="job",
            object_id=job.pk,
            job_id=job.pk,
            action="reduced",
            from_state="approved",
            to_state="approved",
            message="Reduced by Owen Buckner: Rain. Price 651.96 -> 325.98 USD; charge 0.00 USD.",
            details={"change": 7, "charge_total": "0.00"},
            at=at,
        ),
        SimpleNamespace(
            agency_id=job.agency_id,
            actor_id=None,
            object_type="assignment",
            object_id=99,
            job_id=job.pk,
            action="note_added",
            from_state="",
            to_state="",
            message="",
            details={"note": 3},
            at=at,
        ),
    ]
    apps = SimpleNamespace(
        get_model=lambda app, name: {
            ("jobs", "AuditEntry"): _Entries(old),
            ("audit", "AuditEvent"): AuditEvent,
        }[(app, name)]
    )
    with scopes_disabled():
        AuditEvent.objects.all().delete()
        copying.copy_entries(apps, None)
        reduced, note = AuditEvent.objects.order_by("object_type").reverse()
    assert (reduced.event_type, reduced.actor_id, reduced.at) == ("job.reduced", coordinator.pk, at)
    assert (reduced.from_state, reduced.to_state, reduced.job_id) == (
        "approved",
        "approved",
        job.pk,
    )
    assert reduced.data["change"] == 7
    assert reduced.text == old[0].message  # as it read before
    assert reduced.action == "reduced"
    assert (note.event_type, note.object_id, note.data) == ("note.added", 99, {"note": 3})
    assert note.text == "DetailHire added a field note."  # no old sentence: rendered from data

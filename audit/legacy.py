"""The audit entries written before event types existed (``jobs.AuditEntry``: an action name
and a stored sentence) as events: which event type each becomes, and its data. Used by the data
migration that moved them (audit 0002) and its reverse; kept frozen like a migration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.registry import LEGACY_TEXT

# (object_type, action) -> event type, where the event type is not "<object_type>.<action>".
RENAMED = {
    ("assignment", "note_added"): "note.added",
    ("officer", "officer_invited"): "officer.invited",
}
_BACK = {event: action for (_, action), event in RENAMED.items()}


def event_type_for(object_type: str, action: str) -> str:
    """The event type of an old entry: ``("job", "approved")`` -> "job.approved",
    ``("assignment", "note_added")`` -> "note.added"."""
    object_type = (object_type or "").strip() or "object"
    action = (action or "").strip() or "changed"
    return RENAMED.get((object_type, action), f"{object_type}.{action}")[:60]


def action_for(event_type: str) -> str:
    """The old action name of an event type (the reverse of ``event_type_for``)."""
    return _BACK.get(event_type, event_type.rpartition(".")[2])


def event_data(message: str, details: Mapping[str, Any] | None) -> dict:
    """An old entry's data: its details as they were, and its sentence as the legacy text that
    is shown in place of a rendered one."""
    data = dict(details or {}) if isinstance(details, Mapping) else {"details": details}
    if message:
        data[LEGACY_TEXT] = message
    return data


def entry_details(data: Mapping[str, Any] | None) -> tuple[str, dict]:
    """(message, details) of an event written back as an old entry: the legacy text if it has
    one (a rendered sentence cannot be made inside a migration)."""
    details = dict(data or {})
    message = details.pop(LEGACY_TEXT, "")
    return (message if isinstance(message, str) else ""), details

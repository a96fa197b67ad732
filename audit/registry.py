"""Event types: what can be recorded, and how each reads (docs/architecture.md).

The platform holds the mechanism only. Each domain app declares the events it writes in its
``events.py`` (imported from its ``AppConfig.ready``)::

    # jobs/events.py
    from audit.registry import event_type

    event_type(
        "job.requested",
        action="requested",
        text="{% load detailhire %}Requested by {{ actor_name }}: {{ total|money:currency }}.",
    )

``text`` is a Django template, rendered as plain text (no HTML escaping: the page that shows the
sentence escapes it) with the event's data as its context, plus:

- ``actor_name``: the actor's name when the event was written, or "DetailHire" for the system;
- ``object_type``, ``object_id``, ``job_id``, ``from_state``, ``to_state``.

Amounts are stored as decimal strings with their currency code and formatted here, when the
sentence is shown ("$434.64"); nothing stored is a sentence. ``action`` is the short name the
API's job timeline has always shown ("requested", "claimed").

Events recorded before event types existed (migrated from the old audit entries) carry their
sentence as ``legacy_text`` in their data and show it as it was. An event of a type nobody
registers (an app removed, a type renamed), or whose data does not fit its template, reads as its
type in words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError, VariableDoesNotExist

__all__ = [
    "LEGACY_TEXT",
    "SYSTEM_NAME",
    "EventType",
    "action_of",
    "event_type",
    "get",
    "registered",
    "render",
]

logger = logging.getLogger(__name__)

# The data key of a migrated entry's sentence (see audit.legacy).
LEGACY_TEXT = "legacy_text"
# Who did it when nobody did: the sweeps and tasks (actor None).
SYSTEM_NAME = "DetailHire"


@dataclass(frozen=True)
class EventType:
    name: str  # "<subject>.<what happened>": "job.approved", "assignment.claimed"
    action: str  # the short name the API's timeline shows: "approved", "claimed"
    text: str  # the sentence, a Django template over the event's data

    def template(self) -> Template:
        template = _TEMPLATES.get(self.name)
        if template is None:
            template = _TEMPLATES[self.name] = Engine.get_default().from_string(self.text)
        return template


_TYPES: dict[str, EventType] = {}
_TEMPLATES: dict[str, Template] = {}


def event_type(name: str, *, action: str, text: str) -> EventType:
    """Register the event type ``name``; registering one name twice differently is a programming
    error (registering the same again, as a reloaded module does, is not)."""
    if "." not in name:
        raise ValueError(f"An event type is named '<subject>.<event>', not {name!r}.")
    declared = EventType(name=name, action=action, text=text)
    known = _TYPES.get(name)
    if known is not None and known != declared:
        raise ValueError(f"The event type {name!r} is already registered.")
    _TYPES[name] = declared
    _TEMPLATES.pop(name, None)
    return declared


def get(name: str) -> EventType | None:
    return _TYPES.get(name)


def registered() -> dict[str, EventType]:
    """Every registered event type, by name (the tests walk it)."""
    return dict(_TYPES)


def action_of(name: str) -> str:
    """The short name of an event type: registered, or the part after the subject."""
    known = _TYPES.get(name)
    return known.action if known is not None else name.rpartition(".")[2]


def render(
    name: str,
    data: Mapping[str, Any] | None,
    *,
    actor_name: str = "",
    object_type: str = "",
    object_id: int | None = None,
    job_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
) -> str:
    """The event in words, as shown now (see the module docstring)."""
    data = dict(data or {})
    legacy = data.get(LEGACY_TEXT)
    if isinstance(legacy, str) and legacy:
        return legacy
    known = _TYPES.get(name)
    if known is None:
        return _unknown(name, from_state, to_state)
    context = {
        **data,
        "actor_name": data.get("actor_name") or actor_name or SYSTEM_NAME,
        "object_type": object_type,
        "object_id": object_id,
        "job_id": job_id,
        "from_state": from_state,
        "to_state": to_state,
    }
    try:
        return known.template().render(Context(context, autoescape=False)).strip()
    except (VariableDoesNotExist, TemplateSyntaxError, LookupError, TypeError, ValueError):
        # data that does not fit the template (a filter's argument missing): the page still shows
        logger.warning("The %s event could not be rendered from its data.", name, exc_info=True)
        return _unknown(name, from_state, to_state)


def _unknown(name: str, from_state: str, to_state: str) -> str:
    """ "assignment.checked_in" -> "Assignment checked in" (and the states, when it moved)."""
    words = name.replace(".", " ").replace("_", " ").strip()
    text = words[:1].upper() + words[1:] if words else "Event"
    if from_state or to_state:
        text += f" ({_state(from_state) or '-'} -> {_state(to_state) or '-'})"
    return text + "."


def _state(value: str) -> str:
    return value.replace("_", " ")

"""Writing the audit log (PLAT-AUDIT-1).

``record(...)`` writes one ``AuditEvent`` in the caller's transaction (it opens none of its own),
so a state change and its event commit or roll back together. Events are append-only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models
from django.utils import timezone

from audit import registry
from audit.models import AuditEvent

__all__ = ["object_type_of", "record"]


def object_type_of(obj: models.Model) -> str:
    """The object's kind as stored on the event: ``Job`` -> "job", ``JobChange`` -> "job_change"."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


def record(
    obj: models.Model,
    *,
    actor,
    event: str,
    agency=None,
    job=None,
    from_state: str = "",
    to_state: str = "",
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Write the event ``event`` (a registered event type) about ``obj`` by ``actor`` (a user, or
    None for the system), with the facts of it as ``data``: ids, names, counts, flags, amounts
    (``Decimal``, stored as decimal strings) with their currency code. Never a sentence: the
    event type's template makes it when the event is shown.

    ``agency`` and ``job`` default from ``obj`` (a job is its own job; other objects pass the job
    they concern so the event shows on its timeline). The actor's name is kept with the data, so
    the sentence still names them if their account goes."""
    if registry.get(event) is None:
        raise ValueError(f"Unknown event type {event!r}: register it in the app's events.py.")
    job_model = AuditEvent._meta.get_field("job").related_model
    if job is None and isinstance(obj, job_model):
        job = obj
    if agency is not None:
        agency_id = agency.pk
    else:
        agency_id = job.agency_id if job is not None else obj.agency_id
    person = actor if getattr(actor, "pk", None) else None
    values = {key: _plain(value, key) for key, value in (data or {}).items()}
    if person is not None:
        values.setdefault("actor_name", _name_of(person))
    entry = AuditEvent(
        agency_id=agency_id,
        actor=person,
        event_type=event,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        job=job,
        from_state=from_state or "",
        to_state=to_state or "",
        data=values,
        at=at or timezone.now(),
    )
    entry.save(force_insert=True)
    return entry


def _plain(value, key: str):
    """A JSON value: decimals and times as strings; anything else that is not data is refused."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)  # a choice ("active"), not its enum member
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, f"{key}[]") for v in value]
    raise TypeError(f"Audit data {key!r}: {type(value).__name__} is not data; pass its id or name.")


def _name_of(user) -> str:
    return getattr(user, "display_name", "") or user.get_full_name() or user.get_username()

"""The audit trail (PLAT-AUDIT-1): who changed what, when, from which state to which.

``record(...)`` writes one ``AuditEntry`` in the caller's transaction (it opens none of its own),
so a state change and its audit row commit or roll back together. Entries are append-only.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from jobs.models import AuditEntry, Job

# Model class name -> the object_type stored on the entry.
OBJECT_TYPES = {
    "Job": "job",
    "Assignment": "assignment",
    "Position": "position",
    "Shift": "shift",
    "JobChange": "job_change",
    "Invoice": "invoice",
    "Payment": "payment",
    "Refund": "refund",
}


def object_type_of(obj: models.Model) -> str:
    name = type(obj).__name__
    return OBJECT_TYPES.get(name, name.lower())


def record(
    obj: models.Model,
    *,
    actor,
    action: str,
    agency=None,
    job: Job | None = None,
    from_state: str = "",
    to_state: str = "",
    message: str = "",
    details: dict | None = None,
    at=None,
) -> AuditEntry:
    """Write the audit row for a change of ``obj`` by ``actor`` (a user, or None for the system).

    ``agency`` and ``job`` default from ``obj`` (a Job is its own job; other objects pass the job
    they concern so the entry shows on its timeline). ``message`` is the timeline's sentence."""
    if job is None and isinstance(obj, Job):
        job = obj
    if agency is not None:
        agency_id = agency.pk
    else:
        agency_id = job.agency_id if job is not None else obj.agency_id
    entry = AuditEntry(
        agency_id=agency_id,
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        job=job,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        message=message,
        details=details or {},
        at=at or timezone.now(),
    )
    entry.save(force_insert=True)
    return entry

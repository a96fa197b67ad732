"""Who may use the desk (registered with ``detailhire.policy``): the agency's coordinators and
admins, for their own agency. ``obj`` is the agency, a job or an assignment (None for the
role-level question)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


def _agency_id(obj) -> int | None:
    if obj is None:
        return None
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", None)


@policy.action("desk.view", "The coordinator's desk is for the agency's staff.")
def may_view_desk(actor, agency) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency is None or _agency_id(agency) in ids)


@policy.action("feedback.record", "Only the agency's coordinators record customer feedback.")
def may_record_feedback(actor, job) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (job is None or job.agency_id in ids)

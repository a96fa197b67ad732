"""Who may do what with jobs (registered with ``detailhire.policy``).

A check answers for ``(actor, obj)``; ``obj`` is None for the role-level question. Tenancy is
not decided here (a foreign job is never loaded: 404 first)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


def _staff_of(actor, agency_id) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency_id is None or agency_id in ids)


def _job_staff(actor, job) -> bool:
    return _staff_of(actor, None if job is None else job.agency_id)


def _job_customer(actor, job) -> bool:
    ids = roles_of(actor).organization_ids
    return bool(ids) and (job is None or job.organization_id in ids)


@policy.action("job.view", "Only the customer who booked this job and the agency's staff see it.")
def may_view(actor, job) -> bool:
    return _job_staff(actor, job) or _job_customer(actor, job)


@policy.action("job.request", "Only customers request jobs.")
def may_request(actor, organization) -> bool:
    ids = roles_of(actor).organization_ids
    return bool(ids) and (organization is None or organization.pk in ids)


@policy.action("job.approve", "Only the agency's coordinators and admins may approve jobs.")
def may_approve(actor, job) -> bool:
    return _job_staff(actor, job)


@policy.action("job.deny", "Only the agency's coordinators and admins may deny jobs.")
def may_deny(actor, job) -> bool:
    return _job_staff(actor, job)


@policy.action("job.cancel", "Only the customer who booked this job or the agency may cancel it.")
def may_cancel(actor, job) -> bool:
    return _job_staff(actor, job) or _job_customer(actor, job)


@policy.action(
    "job.cancel_police_necessity",
    "Only the agency can cancel for police necessity or extraordinary circumstances.",
)
def may_cancel_for_police_necessity(actor, job) -> bool:
    """NOPD-CANCEL-1: an agency supervisor's decision, never the customer's."""
    return _job_staff(actor, job)


@policy.action("job.reduce", "Only the customer who booked this job or the agency may change it.")
def may_reduce(actor, job) -> bool:
    return _job_staff(actor, job) or _job_customer(actor, job)


@policy.action(
    "job.reschedule", "Only the agency's coordinators and admins may change a job's schedule."
)
def may_reschedule(actor, job) -> bool:
    return _job_staff(actor, job)


@policy.action("job.list", "These pages are for customers and agency staff.")
def may_list(actor, _obj) -> bool:
    roles = roles_of(actor)
    return bool(roles.organization_ids or roles.staff_agency_ids)

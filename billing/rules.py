"""Who may do what with invoices and credit notes (registered with ``detailhire.policy``).

A check answers for ``(actor, obj)``; ``obj`` is None for the role-level question. Tenancy is
not decided here (another tenant's document is never loaded: 404 first)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


def _staff(actor, agency_id) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency_id is None or agency_id in ids)


def _customer(actor, organization_id) -> bool:
    ids = roles_of(actor).organization_ids
    return bool(ids) and (organization_id is None or organization_id in ids)


@policy.action(
    "invoice.view",
    "Only the organization billed and the agency's staff see its invoices and credit notes.",
)
def may_view(actor, invoice) -> bool:
    if invoice is None:
        return _staff(actor, None) or _customer(actor, None)
    return _staff(actor, invoice.agency_id) or _customer(actor, invoice.organization_id)


@policy.action("invoice.issue", "Only the agency's staff issue invoices and credit notes.")
def may_issue(actor, obj) -> bool:
    """``obj``: the job (an invoice), the invoice (a credit note) or the job change billed."""
    if obj is None:
        return _staff(actor, None)
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is None and hasattr(obj, "job"):
        agency_id = obj.job.agency_id
    return _staff(actor, agency_id)


@policy.action(
    "payroll.view",
    "Only the agency's admins see officer payroll and the admin-fee ledger.",
)
def may_see_payroll(actor, agency) -> bool:
    """``agency``: the agency whose payroll or ledger is asked for (None: any)."""
    ids = roles_of(actor).admin_agency_ids
    return bool(ids) and (agency is None or agency.pk in ids)


@policy.action(
    "hours.approve",
    "Only the agency's coordinators and admins approve the hours worked on its jobs.",
)
def may_approve_hours(actor, job) -> bool:
    """``job``: the completed job (PLAT-ATTEND-1)."""
    return _staff(actor, None if job is None else job.agency_id)

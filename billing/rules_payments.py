"""Who may pay, record payments and refund (registered with ``detailhire.policy``;
PLAT-PAYMENT-1).

A check answers for ``(actor, obj)``; ``obj`` is an invoice (``payment.start``,
``payment.record``), a payment (``payment.refund``), or None for the role-level question.
Tenancy is not decided here (another tenant's invoice is never loaded: 404 first)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


def _staff(actor, agency_id) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency_id is None or agency_id in ids)


@policy.action("payment.start", "Only the organization billed pays its invoices online.")
def may_start(actor, invoice) -> bool:
    ids = roles_of(actor).organization_ids
    return bool(ids) and (invoice is None or invoice.organization_id in ids)


@policy.action(
    "payment.record", "Only the agency's coordinators and admins record checks and transfers."
)
def may_record(actor, invoice) -> bool:
    return _staff(actor, None if invoice is None else invoice.agency_id)


@policy.action("payment.refund", "Only the agency's coordinators and admins refund payments.")
def may_refund(actor, payment) -> bool:
    return _staff(actor, None if payment is None else payment.agency_id)

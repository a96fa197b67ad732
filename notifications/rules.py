"""Who may move a payment deadline (registered with ``detailhire.policy``)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


@policy.action(
    "invoice.extend_deadline",
    "Only the agency's coordinators and admins may move a payment deadline.",
)
def may_extend_deadline(actor, invoice) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (invoice is None or invoice.agency_id in ids)

"""Who may do what with an agency's own settings (registered with ``detailhire.policy``): its
rate card, its profile and its roster are its admins' (coordinators work with jobs, not with
prices). ``obj`` is the agency, or None for the role-level question."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


@policy.action(
    "agency.manage",
    "Only the agency's admins may change its rate card, profile and staff.",
)
def may_manage(actor, agency) -> bool:
    ids = roles_of(actor).admin_agency_ids
    return bool(ids) and (agency is None or agency.pk in ids)

"""Who may do what with customer organizations (registered with ``detailhire.policy``).

A check answers for ``(actor, obj)``; ``obj`` is None for the role-level question. Tenancy is
not decided here: the organization pages load an organization from the caller's own
memberships (anyone else's: 404)."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


@policy.action(
    "organization.manage", "Only members of this organization may change it or its join code."
)
def may_manage_organization(actor, organization) -> bool:
    ids = roles_of(actor).organization_ids
    return bool(ids) and (organization is None or organization.pk in ids)


@policy.action(
    "organization.create",
    "Agency staff and officers cannot book details: sign up with another email address.",
)
def may_create_organization(actor, _obj) -> bool:
    return not roles_of(actor).is_agency_member


@policy.action("organization.view_own", "This page is for customers.")
def may_view_own_organizations(actor, _obj) -> bool:
    """The "my organizations" page: a customer's own (a signed-in user with no role yet is sent
    to create or join one before the guard asks)."""
    return roles_of(actor).is_customer

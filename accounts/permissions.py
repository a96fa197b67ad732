"""DRF permission classes by role (accounts.roles).

A wrong role answers 403. Whose objects a role may reach is not decided here: the tenant scope
(detailhire.tenancy) limits every query, so another tenant's object answers 404.
"""

from rest_framework.permissions import BasePermission

from accounts.roles import AGENCY_ADMIN, COORDINATOR, CUSTOMER, OFFICER, roles_of


class _RolePermission(BasePermission):
    roles: tuple[str, ...] = ()
    message = "Your account does not have the role this needs."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        held = roles_of(user)
        return any(held.has(role) for role in self.roles)


class IsAgencyStaff(_RolePermission):
    """An agency admin or a coordinator."""

    roles = (AGENCY_ADMIN, COORDINATOR)
    message = "Only agency staff may do this."


class IsCoordinator(_RolePermission):
    """A coordinator; an agency admin counts as one."""

    roles = (COORDINATOR, AGENCY_ADMIN)
    message = "Only a coordinator may do this."


class IsAgencyAdmin(_RolePermission):
    roles = (AGENCY_ADMIN,)
    message = "Only an agency admin may do this."


class IsOfficer(_RolePermission):
    roles = (OFFICER,)
    message = "Only an officer may do this."


class IsCustomer(_RolePermission):
    roles = (CUSTOMER,)
    message = "Only a customer may do this."

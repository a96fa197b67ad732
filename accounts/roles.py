"""Who a user is to DetailHire: their roles, their agency, their customer organizations.

Roles come from rows, not flags on the user:

- ``agency_admin`` / ``coordinator``: a ``StaffMembership`` with that role (staff of one agency);
- ``officer``: an ``Officer`` profile (one agency);
- ``customer``: a ``CustomerMembership`` (any number of organizations; an organization can book
  with any agency).

``roles_of(user)`` reads them once per user object (cached on it), in one query, and is what the
tenancy middleware, the DRF permission classes and ``/api/v1/auth/me/`` use. The lookup crosses
tenants by nature (it decides the tenant), so it reads the tables directly, here and nowhere
else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

from detailhire.db import fetch_rows

AGENCY_ADMIN = "agency_admin"
COORDINATOR = "coordinator"
OFFICER = "officer"
CUSTOMER = "customer"
ALL_ROLES = (AGENCY_ADMIN, COORDINATOR, OFFICER, CUSTOMER)

_CACHE_ATTR = "_detailhire_roles"


class OfficerProfile(NamedTuple):
    """The active officer profile of a user, as read with their roles: what the officer's own
    requests need (the job board) without another query."""

    id: int
    agency_id: int
    agency_slug: str
    time_zone: str  # the agency's
    rank: str
    specialties: tuple[str, ...]


@dataclass(frozen=True)
class Roles:
    """A user's roles, resolved. Ids, not objects, so it is cheap to keep and compare."""

    names: tuple[str, ...] = ()
    staff_agency_ids: tuple[int, ...] = ()  # agency admin or coordinator there
    admin_agency_ids: tuple[int, ...] = ()
    officer_profile: OfficerProfile | None = None
    organization_ids: tuple[int, ...] = ()

    @property
    def officer_id(self) -> int | None:
        return self.officer_profile.id if self.officer_profile else None

    @property
    def officer_agency_id(self) -> int | None:
        return self.officer_profile.agency_id if self.officer_profile else None

    @property
    def coordinator_agency_ids(self) -> tuple[int, ...]:
        """Agencies where the user may act as a coordinator (an agency admin counts)."""
        return self.staff_agency_ids

    @property
    def agency_ids(self) -> tuple[int, ...]:
        """Every agency the user works for (staff or officer), staff agencies first."""
        ids = list(self.staff_agency_ids)
        if self.officer_agency_id is not None and self.officer_agency_id not in ids:
            ids.append(self.officer_agency_id)
        return tuple(ids)

    @property
    def agency_id(self) -> int | None:
        """The user's agency (the first one when they work for several)."""
        ids = self.agency_ids
        return ids[0] if ids else None

    @property
    def is_agency_member(self) -> bool:
        return bool(self.agency_ids)

    @property
    def is_customer(self) -> bool:
        return CUSTOMER in self.names

    def has(self, role: str) -> bool:
        return role in self.names


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    """The roles of ``user`` (anonymous and inactive users have none). Cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles = _load(user)
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user) -> None:
    """Drop the cached roles (after a membership changed in the same request or test)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


_ROWS_SQL: str | None = None
_STAFF, _OFFICER, _CUSTOMER = 0, 1, 2


def _rows_sql() -> str:
    """One statement for the three sources of roles (built once from the models' tables): a row
    per staff membership (agency, role; by creation), the active officer profile (id, agency,
    the agency's slug and time zone, rank, specialties; a user has at most one) and a row per
    customer membership (organization id)."""
    global _ROWS_SQL
    if _ROWS_SQL is None:
        from django.db import connection

        from agencies.models import Agency, StaffMembership
        from customers.models import CustomerMembership
        from officers.models import Officer

        q = connection.ops.quote_name

        def column(model, name, alias=""):
            quoted = q(model._meta.get_field(name).column)
            return f"{alias}.{quoted}" if alias else quoted

        staff, officer, member, agency = (
            q(model._meta.db_table)
            for model in (StaffMembership, Officer, CustomerMembership, Agency)
        )
        nothing = "NULL, NULL, NULL, NULL"  # the officer profile's columns on other rows
        # identifiers from the models' metadata only; every value is a query parameter
        _ROWS_SQL = (
            f"SELECT {_STAFF}, {column(StaffMembership, 'agency')}, "  # noqa: S608
            f"{column(StaffMembership, 'role')}, {column(StaffMembership, 'created_at')}, "
            f"{column(StaffMembership, 'id')}, {nothing} FROM {staff} "
            f"WHERE {column(StaffMembership, 'user')} = %s "
            f"UNION ALL SELECT {_OFFICER}, {column(Officer, 'id', 'o')}, NULL, NULL, "
            f"{column(Officer, 'agency', 'o')}, {column(Agency, 'slug', 'a')}, "
            f"{column(Agency, 'time_zone', 'a')}, {column(Officer, 'rank', 'o')}, "
            f"{column(Officer, 'specialties', 'o')} FROM {officer} o INNER JOIN {agency} a "
            f"ON {column(Officer, 'agency', 'o')} = {column(Agency, 'id', 'a')} "
            f"WHERE {column(Officer, 'user', 'o')} = %s AND {column(Officer, 'active', 'o')} = %s "
            f"UNION ALL SELECT {_CUSTOMER}, NULL, NULL, NULL, "
            f"{column(CustomerMembership, 'organization')}, {nothing} FROM {member} "
            f"WHERE {column(CustomerMembership, 'user')} = %s "
            "ORDER BY 1, 4, 5"
        )
    return _ROWS_SQL


def _load(user) -> Roles:
    """The user's roles in one query (this runs on every authenticated request). Plain SQL on the
    models' tables: no tenant scope applies (roles decide the tenant)."""
    rows = fetch_rows(_rows_sql(), [user.pk, user.pk, True, user.pk])
    staff = [(row[1], row[2]) for row in rows if row[0] == _STAFF]
    officer = next(
        (_profile(row[1], row[4], *row[5:9]) for row in rows if row[0] == _OFFICER), None
    )
    organization_ids = tuple(row[4] for row in rows if row[0] == _CUSTOMER)
    return _roles(staff, officer, organization_ids)


def _profile(officer_id, agency_id, slug, time_zone, rank, specialties) -> OfficerProfile:
    if isinstance(specialties, str | bytes):  # JSON text (SQLite): the ORM would decode it
        specialties = json.loads(specialties)
    return OfficerProfile(officer_id, agency_id, slug, time_zone, rank, tuple(specialties or ()))


def _roles(staff, officer: OfficerProfile | None, organization_ids) -> Roles:
    """Roles from (agency id, role) staff pairs by creation, the active officer profile or None,
    and the customer organizations' ids."""
    from agencies.models import StaffMembership

    admin_ids = tuple(agency for agency, role in staff if role == StaffMembership.Role.ADMIN)
    staff_ids = tuple(agency for agency, _role in staff)
    names = []
    if admin_ids:
        names.append(AGENCY_ADMIN)
    if any(role == StaffMembership.Role.COORDINATOR for _agency, role in staff):
        names.append(COORDINATOR)
    if officer:
        names.append(OFFICER)
    if organization_ids:
        names.append(CUSTOMER)
    return Roles(
        names=tuple(names),
        staff_agency_ids=staff_ids,
        admin_agency_ids=admin_ids,
        officer_profile=officer,
        organization_ids=tuple(organization_ids),
    )


# --- roles read with another statement (PostgreSQL) ---------------------------------------------

ROLE_COLUMNS = 4


def role_columns_sql(user_id: str) -> str:
    """``ROLE_COLUMNS`` PostgreSQL select-list expressions giving the roles of the user whose id
    is the SQL expression ``user_id`` (a column of the caller's statement, never a value), so a
    statement that reads a user (the API token lookup) reads their roles in the same round trip.
    ``roles_from_columns`` turns them into ``Roles``; the same rows and order as ``_load``."""
    from django.db import connection

    from agencies.models import Agency, StaffMembership
    from customers.models import CustomerMembership
    from officers.models import Officer

    q = connection.ops.quote_name

    def column(model, name):
        return q(model._meta.get_field(name).column)

    staff, officer, member, agency = (
        q(model._meta.db_table) for model in (StaffMembership, Officer, CustomerMembership, Agency)
    )
    staff_where = (
        f"FROM {staff} WHERE {column(StaffMembership, 'user')} = {user_id} "
        f"ORDER BY {column(StaffMembership, 'created_at')}, {column(StaffMembership, 'id')}"
    )
    officer_where = (
        f"FROM {officer} o INNER JOIN {agency} a "
        f"ON o.{column(Officer, 'agency')} = a.{column(Agency, 'id')} "
        f"WHERE o.{column(Officer, 'user')} = {user_id} "
        f"AND o.{column(Officer, 'active')} ORDER BY o.{column(Officer, 'agency')} LIMIT 1"
    )
    # the profile as one text array (id, agency id, slug, time zone, rank, specialties JSON)
    profile = ", ".join(
        (
            f"o.{column(Officer, 'id')}::text",
            f"o.{column(Officer, 'agency')}::text",
            f"a.{column(Agency, 'slug')}::text",
            f"a.{column(Agency, 'time_zone')}::text",
            f"o.{column(Officer, 'rank')}::text",
            f"o.{column(Officer, 'specialties')}::text",
        )
    )
    return (
        f"ARRAY(SELECT {column(StaffMembership, 'agency')} {staff_where}), "  # noqa: S608
        f"ARRAY(SELECT {column(StaffMembership, 'role')} {staff_where}), "
        f"(SELECT ARRAY[{profile}] {officer_where}), "
        f"ARRAY(SELECT {column(CustomerMembership, 'organization')} FROM {member} "
        f"WHERE {column(CustomerMembership, 'user')} = {user_id} "
        f"ORDER BY {column(CustomerMembership, 'organization')})"
    )


def roles_from_columns(user, values) -> Roles:
    """The ``Roles`` of ``user`` from the ``role_columns_sql`` values, cached on the user object
    as ``roles_of`` would (anonymous and inactive users have none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ROLES
    staff_agencies, staff_roles, officer, organizations = values
    if officer is not None:
        officer_id, agency_id, *rest = officer
        officer = _profile(int(officer_id), int(agency_id), *rest)
    roles = _roles(list(zip(staff_agencies, staff_roles, strict=True)), officer, organizations)
    setattr(user, _CACHE_ATTR, roles)
    return roles

"""Who a user is to DetailHire: their roles, their agencies, their customer organizations.

Roles come from rows, not flags on the user:

- ``agency_admin`` / ``coordinator``: a ``StaffMembership`` with that role (staff of an agency;
  one person may be staff of several);
- ``officer``: an ``Officer`` profile (one agency);
- ``customer``: a ``CustomerMembership`` (any number of organizations; an organization can book
  with any agency).

``roles_of(user)`` reads them once per user object (cached on it), in one query, and is what the
tenant scope (``accounts.scopes``), the policy's checks and ``/api/v1/auth/me/`` use. The lookup
crosses tenants by nature (it decides the tenant), so it reads the tables directly, here and
nowhere else: ``roles_sql`` is the one statement and ``roles_from_rows`` the one reading of its
rows. The API token lookup (``accounts.authentication``) runs the same statement inside its own
so a token request costs one round trip (accounts/README.md says why this read is SQL).

Layers: every app asks ``roles_of``, so this module sits below the apps whose rows it reads
(agencies' staff memberships, officers' profiles, customers' memberships). It therefore imports
none of them: it reaches their models through the app registry by label
(``django.apps.apps.get_model``), only for their table and column names, when the statement is
first built. No import cycle, and the import contracts (pyproject.toml) hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

from django.apps import apps

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
    def sole_agency_id(self) -> int | None:
        """The user's agency when they work for exactly one, else None. A user of two agencies
        has no "first" one: a page acting for one agency asks which (never picks for them)."""
        ids = self.agency_ids
        return ids[0] if len(ids) == 1 else None

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


# --- the one statement -------------------------------------------------------------------------

ROLE_COLUMNS = 9  # the statement's columns, as roles_from_rows reads them
_STAFF, _OFFICER, _CUSTOMER = 0, 1, 2
_SQL: dict[str, str] = {}


def _model(label: str):
    return apps.get_model(label)


def roles_sql(user_id: str) -> str:
    """The roles of one user as rows, ``ROLE_COLUMNS`` columns each (built once per ``user_id``
    from the models' metadata): a row per staff membership (agency, role; by creation), the
    active officer profile (id, agency, the agency's slug and time zone, rank, specialties; a user
    has at most one) and a row per customer membership (organization id); no order
    (``roles_from_rows`` puts staff memberships by creation and organizations by id).

    ``user_id`` is the SQL the user's id is compared with in each of the three parts: ``"%s"``
    (three parameters, the same id) for ``roles_of``, or a column of an enclosing statement (the
    token lookup joins it laterally on the user row). Identifiers come from the models'
    metadata only; every value is a query parameter."""
    sql = _SQL.get(user_id)
    if sql is not None:
        return sql
    from django.db import connection

    staff_model = _model("agencies.StaffMembership")
    agency_model = _model("agencies.Agency")
    officer_model = _model("officers.Officer")
    member_model = _model("customers.CustomerMembership")
    q = connection.ops.quote_name

    def column(model, name, alias=""):
        quoted = q(model._meta.get_field(name).column)
        return f"{alias}.{quoted}" if alias else quoted

    staff, officer, member, agency = (
        q(model._meta.db_table)
        for model in (staff_model, officer_model, member_model, agency_model)
    )
    nothing = "NULL, NULL, NULL, NULL"  # the officer profile's columns on other rows
    sql = _SQL[user_id] = (
        f"SELECT {_STAFF} AS kind, {column(staff_model, 'agency')} AS ref, "  # noqa: S608
        f"{column(staff_model, 'role')} AS role, {column(staff_model, 'created_at')} AS since, "
        f"{column(staff_model, 'id')} AS ref2, {nothing} FROM {staff} "
        f"WHERE {column(staff_model, 'user')} = {user_id} "
        f"UNION ALL SELECT {_OFFICER}, {column(officer_model, 'id', 'o')}, NULL, NULL, "
        f"{column(officer_model, 'agency', 'o')}, {column(agency_model, 'slug', 'a')}, "
        f"{column(agency_model, 'time_zone', 'a')}, {column(officer_model, 'rank', 'o')}, "
        f"{column(officer_model, 'specialties', 'o')} FROM {officer} o INNER JOIN {agency} a "
        f"ON {column(officer_model, 'agency', 'o')} = {column(agency_model, 'id', 'a')} "
        f"WHERE {column(officer_model, 'user', 'o')} = {user_id} "
        f"AND {column(officer_model, 'active', 'o')} "
        f"UNION ALL SELECT {_CUSTOMER}, NULL, NULL, NULL, "
        f"{column(member_model, 'organization')}, {nothing} FROM {member} "
        f"WHERE {column(member_model, 'user')} = {user_id}"
    )
    return sql


def _load(user) -> Roles:
    """The user's roles in one query (this runs on every authenticated request that is not a
    token request). Plain SQL on the models' tables: no tenant scope applies (roles decide the
    tenant)."""
    return roles_from_rows(fetch_rows(roles_sql("%s"), [user.pk, user.pk, user.pk]))


def roles_from_rows(rows) -> Roles:
    """``Roles`` from rows whose first ``ROLE_COLUMNS`` values are ``roles_sql``'s, in any order
    (sorted here: a few rows, cheaper than a sort node in the statement). A row whose kind is
    NULL (the token lookup's outer join for a user without roles) is none."""
    staff = sorted((row for row in rows if row[0] == _STAFF), key=lambda row: (row[3], row[4]))
    staff = [(row[1], row[2]) for row in staff]
    officer = next(
        (_profile(row[1], row[4], *row[5:9]) for row in rows if row[0] == _OFFICER), None
    )
    organization_ids = tuple(sorted(row[4] for row in rows if row[0] == _CUSTOMER))
    return _roles(staff, officer, organization_ids)


def remember_roles(user, roles: Roles) -> Roles:
    """Cache ``roles`` (read with the user, as the token lookup does) on the user object, as
    ``roles_of`` would have (anonymous and inactive users have none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        roles = NO_ROLES
    setattr(user, _CACHE_ATTR, roles)
    return roles


def _profile(officer_id, agency_id, slug, time_zone, rank, specialties) -> OfficerProfile:
    if isinstance(specialties, str | bytes):  # JSON text (SQLite): the ORM would decode it
        specialties = json.loads(specialties)
    return OfficerProfile(officer_id, agency_id, slug, time_zone, rank, tuple(specialties or ()))


def _roles(staff, officer: OfficerProfile | None, organization_ids) -> Roles:
    """Roles from (agency id, role) staff pairs by creation, the active officer profile or None,
    and the customer organizations' ids."""
    role = _model("agencies.StaffMembership").Role
    admin_ids = tuple(agency for agency, name in staff if name == role.ADMIN)
    staff_ids = tuple(agency for agency, _name in staff)
    names = []
    if admin_ids:
        names.append(AGENCY_ADMIN)
    if any(name == role.COORDINATOR for _agency, name in staff):
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

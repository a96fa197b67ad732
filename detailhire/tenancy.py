"""Tenancy, enforced in one place (PLAT-TENANT-1, DESIGN.md habit 3).

Agencies are tenants; customer organizations are the second dimension. A user of one agency never
sees another agency's rows, and a customer sees only their organizations' rows. Views do not
filter by tenant themselves: models do, through a scoped default manager, and this module decides
the scope for each request, API call, Celery task and management command.

How it works (django-scopes: its ``scope()``, ``scopes_disabled()`` and ``ScopeError``)
----------------------------------------------------------------------------------------------

A tenant model declares which of its fields carry the two dimensions::

    from detailhire.tenancy import ScopedManager

    class Officer(models.Model):
        agency = models.ForeignKey(Agency, ...)
        objects = ScopedManager(agency="agency")

    class Job(models.Model):                      # jobs, positions, invoices: the same pattern
        agency = models.ForeignKey(Agency, ...)
        organization = models.ForeignKey(CustomerOrganization, ...)
        objects = ScopedManager(agency="agency", organization="organization")

    class Position(models.Model):                 # reach the dimension through a relation
        objects = ScopedManager(agency="shift__job__agency",
                                organization="shift__job__organization")

``Model.objects`` then filters every query by the active scope, and a query with no active scope
raises ``django_scopes.ScopeError`` (a forgotten scope fails loudly instead of leaking). A view
that fetches ``get_object_or_404(Job, pk=pk)`` answers 404 for another tenant's job without a
line of tenancy code. ``Model._base_manager`` (used by Django for relations and deletes) is not
scoped; never use it in a view.

A scope has two dimensions, each ``None`` (no restriction), a list of ids, or a lazy queryset of
ids (a subquery):

============================ ==================== =============================================
who                          ``agency``           ``organization``
============================ ==================== =============================================
agency admin / coordinator   their agency         organizations that booked with that agency
officer                      their agency         organizations that booked with that agency
customer                     agencies they booked their organizations
                             with (a subquery)
anonymous, no role           ``[]`` (nothing)     ``[]`` (nothing)
============================ ==================== =============================================

A user with an agency role and customer memberships is scoped as agency staff. Superusers see
everything only inside the Django admin site.

Where the scope is entered
--------------------------

- ``TenancyMiddleware`` (settings.MIDDLEWARE, after authentication and allauth) wraps each request
  in the scope of ``request.user``.
- DRF authenticates tokens inside the view, after the middleware ran: the authentication classes
  ``ScopedTokenAuthentication`` and ``ScopedSessionAuthentication`` (settings.REST_FRAMEWORK)
  switch the request's scope to the authenticated user. Every API view gets it without a mixin.
- ``ScopedTask``: the base class for Celery tasks. A task called with ``agency_id=`` runs in that
  agency's scope; any other runs with scopes disabled, on purpose (sweeps cross tenants).
- Management commands are operator tools: ``install()`` (called from ``AccountsConfig.ready``)
  runs each command with scopes disabled, ``runserver`` excepted.
- Anywhere else a query must cross tenants, write ``with scopes_disabled():`` around exactly that
  query and say why.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Iterator

from celery import Task
from django.db import models
from django.db.models.query import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state as _scope_state
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.roles import roles_of

__all__ = [
    "AGENCY",
    "ORGANIZATION",
    "ScopeError",
    "ScopedManager",
    "ScopedSessionAuthentication",
    "ScopedTask",
    "ScopedTokenAuthentication",
    "TenancyMiddleware",
    "agencies_booked_by",
    "agency_scope",
    "anonymous_scope",
    "install",
    "organizations_served_by",
    "scope",
    "scope_for_user",
    "scopes_disabled",
    "user_scope",
]

AGENCY = "agency"
ORGANIZATION = "organization"
DIMENSIONS = (AGENCY, ORGANIZATION)

_MIDDLEWARE_MARK = "_tenancy_active"
_SCOPED_USER_MARK = "_tenancy_user_id"


# --- the manager ---------------------------------------------------------------------------------


class _NoScopeQuerySet(DisabledQuerySet):
    """django-scopes' refusal, closing the reads it leaves open (``exists``, ``in_bulk`` ...)."""

    exists = DisabledQuerySet.error
    in_bulk = DisabledQuerySet.error
    contains = DisabledQuerySet.error
    explain = DisabledQuerySet.error
    exclude = DisabledQuerySet.error


def ScopedManager(_manager_class=models.Manager, **dimensions):  # noqa: N802 - django-scopes' name
    """django-scopes' ``ScopedManager`` with one addition: a dimension's value may be a queryset
    of ids, applied as a subquery (``organization`` for agency staff is "every organization that
    booked with this agency", which is a query, not a list worth loading on every request).

    ``dimensions`` maps a scope dimension (``agency``, ``organization``) to the lookup path of the
    model field that holds it."""
    unknown = set(dimensions) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"Unknown tenancy dimension(s): {', '.join(sorted(unknown))}.")
    required = set(dimensions)

    class Manager(_manager_class):
        def with_scope(self, **values):
            cloned = copy.copy(self)
            cloned._override_scope = {**values, "_enabled": True}
            return cloned

        def with_scopes_disabled(self):
            cloned = copy.copy(self)
            cloned._override_scope = {"_enabled": False}
            return cloned

        def get_queryset(self):
            current = getattr(self, "_override_scope", None) or get_scope()
            if not current.get("_enabled", True):
                return super().get_queryset()
            missing = required - set(current)
            if missing:
                return _NoScopeQuerySet(self.model, using=self._db, missing_scopes=missing)
            lookups = {}
            for dimension, path in dimensions.items():
                value = current[dimension]
                if value is None:
                    continue
                if isinstance(value, list | tuple | set | frozenset | QuerySet):
                    lookups[f"{path}__in"] = value
                else:
                    lookups[path] = value
            return super().get_queryset().filter(**lookups)

        def all(self):
            queryset = super().all()
            if isinstance(queryset, DisabledQuerySet):
                queryset = queryset.all()  # raises ScopeError with the missing dimensions
            return queryset

    Manager.__name__ = f"Scoped{_manager_class.__name__}"
    Manager.__qualname__ = Manager.__name__
    return Manager()


# --- scopes --------------------------------------------------------------------------------------


def organizations_served_by(agency_ids: Iterable[int]):
    """A subquery of the organizations that have booked with these agencies (their jobs)."""
    from django.apps import apps

    from customers.models import CustomerOrganization

    agency_ids = list(agency_ids)
    try:
        job_model = apps.get_model("jobs", "Job")
    except LookupError:  # no jobs yet: staff see no customer organization
        return CustomerOrganization._base_manager.none().values("pk")
    return job_model._base_manager.filter(agency_id__in=agency_ids).values("organization_id")


def agencies_booked_by(organization_ids: Iterable[int]):
    """A subquery of the agencies these organizations have booked with (their jobs).

    A customer may book with any agency (agencies and rate cards are public, not scoped); what
    they may *see* of an agency's tenant data is what concerns their own jobs."""
    from django.apps import apps

    from agencies.models import Agency

    organization_ids = list(organization_ids)
    try:
        job_model = apps.get_model("jobs", "Job")
    except LookupError:
        return Agency._base_manager.none().values("pk")
    return job_model._base_manager.filter(organization_id__in=organization_ids).values("agency_id")


def anonymous_scope() -> dict:
    """No tenant data at all: every scoped query is empty."""
    return {AGENCY: [], ORGANIZATION: []}


def agency_scope(agency_ids: int | Iterable[int]) -> dict:
    """The scope of one agency's staff and officers (also used for a Celery task's agency)."""
    ids = [agency_ids] if isinstance(agency_ids, int) else list(agency_ids)
    return {AGENCY: ids, ORGANIZATION: _served_by(tuple(ids))}


_SERVED_BY: dict[tuple[int, ...], QuerySet] = {}
_SERVED_BY_MAX = 256


def _served_by(ids: tuple[int, ...]) -> QuerySet:
    """``organizations_served_by(ids)``, built once per set of agencies and handed out as a fresh
    clone each time (``.all()``: an unevaluated queryset, no shared result cache). Building the
    subquery costs more than the rest of the scope; the SQL it stands for never changes."""
    template = _SERVED_BY.get(ids)
    if template is None:
        if len(_SERVED_BY) >= _SERVED_BY_MAX:
            _SERVED_BY.clear()
        template = _SERVED_BY[ids] = organizations_served_by(ids)
    return template.all()


def scope_for_user(user) -> dict:
    """The scope values for ``user`` (see the table in the module docstring)."""
    roles = roles_of(user)
    if roles.agency_ids:
        return agency_scope(roles.agency_ids)
    if roles.organization_ids:
        ids = list(roles.organization_ids)
        return {AGENCY: agencies_booked_by(ids), ORGANIZATION: ids}
    return anonymous_scope()


@contextlib.contextmanager
def user_scope(user) -> Iterator[None]:
    """Run a block as ``user`` sees the data (tests, shells, services acting for someone)."""
    with scope(**scope_for_user(user)):
        yield


# --- requests ------------------------------------------------------------------------------------


class TenancyMiddleware:
    """Enters the scope of ``request.user`` for the whole request (view and template rendering).

    Place it after AuthenticationMiddleware and allauth's AccountMiddleware. Superusers get
    ``scopes_disabled()`` inside the Django admin site only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request):
        setattr(request, _MIDDLEWARE_MARK, True)
        with self._scope_for(request):
            return self.get_response(request)

    def _scope_for(self, request):
        # DRF's test client (APIClient.force_authenticate) names its user on the request before
        # the middleware runs; honour it so API tests see the scope the real request would.
        user = getattr(request, "_force_auth_user", None) or getattr(request, "user", None)
        if user is not None and getattr(user, "is_superuser", False) and self._is_admin(request):
            return scopes_disabled()
        return scope(**scope_for_user(user))

    def _is_admin(self, request) -> bool:
        if self._admin_prefix is None:
            try:
                self._admin_prefix = reverse("admin:index")
            except NoReverseMatch:
                self._admin_prefix = ""
        return bool(self._admin_prefix) and request.path_info.startswith(self._admin_prefix)


def enter_user_scope(django_request, user) -> None:
    """Switch the current request's scope to ``user`` (an API caller authenticated by DRF).

    Only inside ``TenancyMiddleware``: its ``scope()`` block restores the previous state when the
    request ends, so nothing leaks to the next request. Without the middleware (a request factory
    in a test) nothing is entered and scoped queries raise ScopeError."""
    if not getattr(django_request, _MIDDLEWARE_MARK, False):
        return
    if getattr(django_request, _SCOPED_USER_MARK, None) == user.pk:
        return
    current = dict(get_scope())
    current.update(scope_for_user(user), _enabled=True)
    _scope_state.set(current)
    setattr(django_request, _SCOPED_USER_MARK, user.pk)


class _ScopeOnAuthenticate:
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            enter_user_scope(request._request, result[0])
        return result


class ScopedTokenAuthentication(_ScopeOnAuthenticate, TokenAuthentication):
    """DRF token authentication that also enters the caller's tenant scope.

    The token, its user and the user's roles are read on every request (a deleted token or a
    removed role counts at once) with one plain statement built once per process: DRF's
    ``select_related`` query costs more to build and compile than PostgreSQL needs to answer it,
    and the roles would be a second round trip. Same answers as DRF's: "Invalid token."
    for an unknown key, "User inactive or deleted." for an inactive user."""

    def authenticate_credentials(self, key):
        from rest_framework.authtoken.models import Token

        from accounts.roles import ROLE_COLUMNS, roles_from_columns
        from detailhire.db import fetch_rows

        statement = _token_statement() if self.get_model() is Token else None
        if statement is None:  # not PostgreSQL, or a custom model: DRF's own lookup
            return super().authenticate_credentials(key)
        sql, user_model, user_fields = statement
        rows = fetch_rows(sql, [key])
        if not rows:
            raise AuthenticationFailed(_("Invalid token."))
        row = rows[0]
        user = user_model.from_db("default", user_fields, row[3 : 3 + len(user_fields)])
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        roles_from_columns(user, row[-ROLE_COLUMNS:])  # cached on the user: no second query
        token = Token.from_db("default", ["key", "user_id", "created"], row[:3])
        token._state.fields_cache["user"] = user
        return user, token


_TOKEN_SQL: tuple | None = None


def _token_statement() -> tuple | None:
    """(SQL, user model, user field attnames): a token key's token and user row, one query.
    None where the rows would need Django's value converters (SQLite text dates, JSON fields):
    PostgreSQL's binary results are already Python values."""
    global _TOKEN_SQL
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    if _TOKEN_SQL is None:
        from django.contrib.auth import get_user_model
        from rest_framework.authtoken.models import Token

        from accounts.roles import role_columns_sql

        q = connection.ops.quote_name
        user_model = get_user_model()
        fields = list(user_model._meta.concrete_fields)
        token_fields = [Token._meta.get_field(name) for name in ("key", "user", "created")]
        if any(field.get_db_converters(connection) for field in fields + token_fields):
            _TOKEN_SQL = ()
            return None

        def col(model, name, alias):
            return f"{alias}.{q(model._meta.get_field(name).column)}"

        user_columns = ", ".join(f"u.{q(field.column)}" for field in fields)
        user_id = f"u.{q(user_model._meta.pk.column)}"
        # identifiers from the models' metadata only; the key is a query parameter
        sql = (
            f"SELECT {col(Token, 'key', 't')}, {col(Token, 'user', 't')}, "  # noqa: S608
            f"{col(Token, 'created', 't')}, {user_columns}, {role_columns_sql(user_id)} "
            f"FROM {q(Token._meta.db_table)} t INNER JOIN {q(user_model._meta.db_table)} u "
            f"ON {col(Token, 'user', 't')} = u.{q(user_model._meta.pk.column)} "
            f"WHERE {col(Token, 'key', 't')} = %s"
        )
        _TOKEN_SQL = (sql, user_model, [field.attname for field in fields])
    return _TOKEN_SQL or None


class ScopedSessionAuthentication(_ScopeOnAuthenticate, SessionAuthentication):
    """DRF session authentication that also enters the caller's tenant scope."""


# --- Celery --------------------------------------------------------------------------------------


class ScopedTask(Task):
    """Base class for Celery tasks (``@app.task(base=ScopedTask)``).

    Tasks take ids. Called with an ``agency_id`` keyword, the task runs in that agency's scope;
    otherwise it runs with scopes disabled, explicitly: a sweep works across tenants and must
    re-check each row's state itself."""

    abstract = True

    def __call__(self, *args, **kwargs):
        agency_id = kwargs.get("agency_id")
        context = scope(**agency_scope(agency_id)) if agency_id is not None else scopes_disabled()
        with context:
            return super().__call__(*args, **kwargs)


# --- management commands -------------------------------------------------------------------------

_UNSCOPED_COMMANDS = ("runserver", "testserver")


def install() -> None:
    """Run management commands with scopes disabled (dumpdata, shell, seed_demo ...): they are
    operator tools. The web server commands are left alone (each request gets its own scope)."""
    from django.core.management.base import BaseCommand

    if getattr(BaseCommand.execute, "_tenancy_wrapped", False):
        return
    original = BaseCommand.execute

    def execute(self, *args, **options):
        if type(self).__module__.rsplit(".", 1)[-1] in _UNSCOPED_COMMANDS:
            return original(self, *args, **options)
        with scopes_disabled():
            return original(self, *args, **options)

    execute._tenancy_wrapped = True
    BaseCommand.execute = execute

"""Tenancy, enforced in one place (PLAT-TENANT-1; docs/tenancy.md).

Agencies are tenants; customer organizations are the second dimension. A user of one agency never
sees another agency's rows, and a customer sees only their organizations' rows. Views do not
filter by tenant themselves: models do, through a scoped default manager, and this module enters
the scope for each request and API call.

This module is platform: it imports no domain app. Who sees what is the domain's answer, asked
through the resolver named by ``settings.TENANCY_SCOPE_RESOLVER`` (a dotted path to a function
``user -> scope values``; DetailHire's is ``accounts.scopes.scope_for_user``, which also holds
the table of who sees what).

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
ids (a subquery). Superusers see everything only inside the Django admin site.

A dimension whose value follows from the other one is wrapped in ``Implied`` (agency staff: the
organizations that booked with their agencies; customers: the agencies their organizations
booked with). A model whose row carries both dimensions on the same table (``agency`` and
``organization``, or ``job__agency`` and ``job__organization``) is filtered by the given
dimension only: the implied one is true of every such row, and asking it anyway costs a
self-referencing subquery per row (``organization_id IN (SELECT organization_id FROM jobs_job
WHERE agency_id IN ...)`` on the jobs table itself). A model that reaches the two dimensions
through different relations (an assignment: the officer's agency, the job's organization) still
applies both.

Where the scope is entered: the edge, and only the edge
-------------------------------------------------------

- ``TenancyMiddleware`` (settings.MIDDLEWARE, after authentication and allauth) wraps each request
  in the scope of ``request.user``.
- DRF authenticates tokens inside the view, after the middleware ran: an authentication class
  built on ``ScopeOnAuthenticate`` (``ScopedSessionAuthentication`` here, the token class in
  ``accounts.authentication``; settings.REST_FRAMEWORK) switches the request's scope to the
  authenticated user. Every API view gets it without a mixin.
- Management commands are operator tools: ``install()`` (called from ``AccountsConfig.ready``)
  runs each command with scopes disabled, ``runserver`` excepted.

Services and tasks: explicitly unscoped (the decision)
------------------------------------------------------

A page or API view loads the objects it acts on through the scoped managers (another tenant's
object: 404) and hands them to a service. The service does not rely on the caller's scope: it
asks ``detailhire.policy`` whether the actor may act on that object, and reads and locks rows
through unscoped managers (``Model._base_manager`` or ``with scopes_disabled():``). Celery tasks
and sweeps call the same services with ``actor=None`` (the system, allowed everything) and read
with scopes disabled (``jobs.sweeps.run_sweep``): a sweep works across tenants and re-checks each
row's state itself. Nothing enters an agency's scope on behalf of a task, so there is no task
base class and no per-agency task scope. Anywhere else a query must cross tenants, write
``with scopes_disabled():`` around exactly that query and say why.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.query import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state as _scope_state
from rest_framework.authentication import SessionAuthentication

__all__ = [
    "AGENCY",
    "ORGANIZATION",
    "Implied",
    "ScopeError",
    "ScopeOnAuthenticate",
    "ScopedManager",
    "ScopedSessionAuthentication",
    "TenancyMiddleware",
    "anonymous_scope",
    "enter_user_scope",
    "install",
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


class Implied:
    """A scope value that follows from the other dimension's value (see the module docstring):
    applied only on models that reach the two dimensions through different relations."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Implied({self.value!r})"


def _carries_both(dimensions: dict[str, str]) -> bool:
    """Both dimensions are columns of the same row (the same relation path up to the field)."""
    return len(dimensions) == len(DIMENSIONS) and (
        len({path.rpartition("__")[0] for path in dimensions.values()}) == 1
    )


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
    skip_implied = _carries_both(dimensions)

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
                if isinstance(value, Implied):
                    if skip_implied:
                        continue
                    value = value.value
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


def anonymous_scope() -> dict:
    """No tenant data at all: every scoped query is empty."""
    return {AGENCY: [], ORGANIZATION: []}


_RESOLVER: tuple[str, object] | None = None


def _resolver():
    """The function named by ``settings.TENANCY_SCOPE_RESOLVER`` (imported once per path)."""
    global _RESOLVER
    path = getattr(settings, "TENANCY_SCOPE_RESOLVER", "")
    if not path:
        raise ImproperlyConfigured(
            "Set TENANCY_SCOPE_RESOLVER to the dotted path of a function user -> scope values."
        )
    if _RESOLVER is None or _RESOLVER[0] != path:
        _RESOLVER = (path, import_string(path))
    return _RESOLVER[1]


def scope_for_user(user) -> dict:
    """The scope values for ``user``: ``{"agency": ..., "organization": ...}`` as the domain's
    resolver (``settings.TENANCY_SCOPE_RESOLVER``) decides them."""
    return _resolver()(user)


@contextlib.contextmanager
def user_scope(user) -> Iterator[None]:
    """Run a block as ``user`` sees the data (tests, shells)."""
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


class ScopeOnAuthenticate:
    """A DRF authentication class mixin: once a caller is authenticated, the request's tenant
    scope becomes theirs (``enter_user_scope``)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            enter_user_scope(request._request, result[0])
        return result


class ScopedSessionAuthentication(ScopeOnAuthenticate, SessionAuthentication):
    """DRF session authentication that also enters the caller's tenant scope."""


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

"""The tenant scope of a user: which agencies and customer organizations their queries see.

``detailhire.tenancy`` (the platform) enters scopes but knows no domain model: it asks the
resolver named by ``settings.TENANCY_SCOPE_RESOLVER``, this module's ``scope_for_user``. The
answer comes from the user's roles (``accounts.roles``) and, for the second dimension, from who
booked with whom (the jobs' agency and organization columns, read as subqueries):

============================ ==================== =============================================
who                          ``agency``           ``organization``
============================ ==================== =============================================
agency admin / coordinator   their agencies       organizations that booked with those agencies
officer                      their agency         organizations that booked with that agency
customer                     agencies they booked their organizations
                             with (a subquery)
anonymous, no role           ``[]`` (nothing)     ``[]`` (nothing)
============================ ==================== =============================================

The second column of each row follows from the first, and ``detailhire.tenancy.Implied`` says so:
a model whose row carries both columns (a job, a shift, an invoice) is filtered by the first only.

A staff member of two agencies sees both agencies' rows; a page that acts *for* one agency
(inviting an officer, say) asks which one, never takes the first. A user with an agency role and
customer memberships is scoped as agency staff. Models are reached through the app registry
(``django.apps.apps.get_model``), like ``accounts.roles``: accounts sits below the apps whose
rows it reads (see that module's docstring).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import QuerySet

from accounts.roles import roles_of
from detailhire.tenancy import AGENCY, ORGANIZATION, Implied, anonymous_scope

__all__ = ["agencies_booked_by", "agency_scope", "organizations_served_by", "scope_for_user"]


def organizations_served_by(agency_ids: Iterable[int]) -> QuerySet:
    """A subquery of the organizations that have booked with these agencies (their jobs)."""
    job = apps.get_model("jobs", "Job")
    return job._base_manager.filter(agency_id__in=list(agency_ids)).values("organization_id")


def agencies_booked_by(organization_ids: Iterable[int]) -> QuerySet:
    """A subquery of the agencies these organizations have booked with (their jobs).

    A customer may book with any agency (agencies and rate cards are public, not scoped); what
    they may *see* of an agency's tenant data is what concerns their own jobs."""
    job = apps.get_model("jobs", "Job")
    return job._base_manager.filter(organization_id__in=list(organization_ids)).values("agency_id")


def agency_scope(agency_ids: int | Iterable[int]) -> dict:
    """The scope of agency staff and officers: those agencies and the organizations they serve."""
    ids = [agency_ids] if isinstance(agency_ids, int) else list(agency_ids)
    return {AGENCY: ids, ORGANIZATION: Implied(_served_by(tuple(ids)))}


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
        return {AGENCY: Implied(agencies_booked_by(ids)), ORGANIZATION: ids}
    return anonymous_scope()

"""PLAT-TENANT-1, the URL walk: every URL pattern of the project, tried by another tenant's people.

Every pattern of the URL conf (includes followed) is in exactly one of two places:

- ``PUBLIC_ROUTES`` / ``PUBLIC_PREFIXES``: public by design, each with the reason;
- everything else is *tenant data*. A route with object arguments (``<int:pk>``, ``<slug>`` ...)
  needs a way to name **another tenant's object**: ``FOREIGN_BY_NAME`` (by URL name, for ``pk``,
  ``id``, ``token`` and other arguments that mean different things per view) or
  ``FOREIGN_BY_KWARG`` (an argument that means the same thing everywhere, like ``agency_slug``).
  Tenant A's admin, coordinator, officer and customer, and a user with no role, then request it
  (GET, and POST where the view takes it; by session, and by token for API routes) and must get
  404 (403 for a wrong role, 405 for a method the route lacks), never tenant B's data.
  A route without arguments (a list, a dashboard) is requested the same way and must not answer
  5xx or show any of tenant B's private values (``Tenant.markers``).

A new pattern that is neither public nor resolvable here fails ``test_every_route_is_classified``:
add it to the registry (and what its foreign object is to ``tests/tenants.py``), or declare it
public with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.billing.foreign import invoice_of, payment_of, refund_of
from tests.officer_pages.foreign import field_media_of
from tests.tenancy.urlwalk import FOREIGN_OBJECT_STATUSES, Route, build_url, visit, walk
from tests.tenants import Tenant, assignment_of, job_of, position_of

# Public by design: the exact full route -> why anyone may see it.
PUBLIC_ROUTES: dict[str, str] = {
    "": "home page: the list of agencies, public",
    "healthz": "health check for load balancers: no tenant data",
    "api/schema/": "OpenAPI schema: describes the API, no data",
    "api/docs/": "API documentation page, no data",
    "api/v1/ping/": "bare JSON endpoint, the benchmark's baseline: no data",
    "api/v1/auth/token/": "login: exchanges the caller's own email and password for a token",
    "a/<slug:slug>/": "agency public page: name and contact numbers (NOPD-COORD-1)",
    "a/<slug:slug>/rates/": "agency public rate table, from the current card",
    "a/<slug:slug>/quote/": "public quote form: anyone can get a quote (ODM-QUOTE-1)",
    "a/<slug:slug>/quote/preview/": "the quote form's live preview (ODM-QUOTE-1)",
    "a/<slug:slug>/logo/": "the agency's logo: public like its name, shown on its pages",
    "api/v1/agencies/<slug:slug>/": "public agency API: profile, ranks, tiers, categories",
    "api/v1/agencies/<slug:slug>/quotes/": "public quote API (ODM-QUOTE-1)",
    "officer/ical/<slug:token>.ics": "an officer's calendar feed: the unguessable, revocable "
    "token is the credential (calendar apps cannot log in); an unknown token is 404",
    "api/v1/billing/stripe/webhook/": "Stripe's webhook: the signature on the body is the "
    "credential (PLAT-PAYMENT-1); an unsigned request is 400 and changes nothing",
    "unsubscribe/<str:token>/": "the unsubscribe link of an email: the signed token names the "
    "user and the kind of mail (PLAT-NOTIFY-1); a bad token is 404 and changes nothing",
    "survey/<str:token>/": "the customer's survey link: the unguessable token (stored hashed) is "
    "the credential, single use, expires (NOPD-SURVEY-1); an unknown token is 404",
}

# Public by design: every route under these prefixes.
PUBLIC_PREFIXES: dict[str, str] = {
    "admin/": "Django admin: platform operators only (is_staff); superusers see all tenants there",
    "accounts/": "allauth: login, signup, email verification, password reset; each acts on the "
    "caller's own account or a signed key from their own email",
    "static/": "static files",
    "media/": "uploaded files are served by the web server in production",
}

Foreign = Callable[[Tenant], dict]

# URL name -> the kwargs that name tenant B's object for that route.
FOREIGN_BY_NAME: dict[str, Foreign] = {}

# The jobs API (jobs/api_urls.py): tenant B's job.
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": job_of(b).pk})
        for name in (
            "api-job",
            "api-job-approve",
            "api-job-deny",
            "api-job-cancel",
            "api-job-reduce",
        )
    }
)

# The customer pages (jobs/urls.py): tenant B's job.
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": job_of(b).pk})
        for name in ("jobs:detail", "jobs:approve", "jobs:deny", "jobs:cancel")
    }
)

# The customer's organization page: tenant B's organization.
FOREIGN_BY_NAME["customers:org-renew-code"] = lambda b: {"pk": b.organization.pk}
FOREIGN_BY_NAME["customers:org-edit"] = lambda b: {"pk": b.organization.pk}

# The officers API (officers/api_urls.py): tenant B's open position and an assignment.
FOREIGN_BY_NAME["api-position-claim"] = lambda b: {"pk": position_of(b).pk}
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": assignment_of(b).pk})
        for name in ("api-assignment-withdraw", "api-assignment-substitute")
    }
)

# The officer pages (officers/urls.py): tenant B's open position, assignment and field media.
FOREIGN_BY_NAME["officers:claim"] = lambda b: {"pk": position_of(b).pk}
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": assignment_of(b).pk})
        for name in (
            "officers:assignment",
            "officers:assignment-withdraw",
            "officers:check-in",
            "officers:check-out",
            "officers:undo-check-out",
            "officers:staff-undo-check-out",
            "officers:add-note",
        )
    }
)
FOREIGN_BY_NAME["officers:field-media"] = lambda b: {"pk": field_media_of(b).pk}
FOREIGN_BY_NAME["officers:staff-officer-edit"] = lambda b: {"pk": b.officer_profile.pk}

# The coordinator's desk (desk/urls.py): tenant B's job and assignment.
FOREIGN_BY_NAME["desk:job-assign"] = lambda b: {"pk": job_of(b).pk}
FOREIGN_BY_NAME["desk:job-schedule"] = lambda b: {"pk": job_of(b).pk}
FOREIGN_BY_NAME["api-job-schedule"] = lambda b: {"pk": job_of(b).pk}
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": assignment_of(b).pk})
        for name in (
            "desk:assignment-substitute",
            "desk:assignment-feedback",
            "api-assignment-feedback",
        )
    }
)
FOREIGN_BY_NAME["api-position-assign"] = lambda b: {"pk": position_of(b).pk}

# The caller's API tokens (accounts/api_urls.py): tenant B's customer's token.
FOREIGN_BY_NAME["api-auth-token-revoke"] = lambda b: {"token_id": token_id_of(b.customer)}


def token_id_of(user) -> str:
    from rest_framework.authtoken.models import Token

    from accounts.tokens import public_id

    return public_id(Token.objects.get_or_create(user=user)[0])


# Invoices and payments (billing/api_urls.py, billing/urls.py): tenant B's invoice and a payment
# on it.
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": invoice_of(b).pk})
        for name in (
            "api-invoice",
            "api-invoice-pdf",
            "billing-invoice",
            "billing-invoice-pdf",
            "api-invoice-payments",
            "api-invoice-payment-record",
            "billing-pay",
            "billing-pay-record",
            "api-invoice-deadline",
            "notifications:invoice-deadline",
        )
    }
)
# The annual statement (NOPD-REC-1): tenant B's organization, agency and the year of its invoice.
FOREIGN_BY_NAME.update(
    {
        name: (
            lambda b: {
                "organization_pk": b.organization.pk,
                "agency_slug": b.agency.slug,
                "year": invoice_of(b).year,
            }
        )
        for name in ("billing-statement-pdf", "billing-statement-csv")
    }
)
FOREIGN_BY_NAME["api-payment-refund"] = lambda b: {"pk": payment_of(b).pk}
# A payment's receipt (NOPD-REC-1). The payroll and fee ledger pages (NOPD-FEE-1) take
# ``agency_slug`` (FOREIGN_BY_KWARG below).
FOREIGN_BY_NAME["billing-receipt"] = lambda b: {"pk": payment_of(b).pk}

# Hours worked (PLAT-ATTEND-1): tenant B's job, and an assignment on it.
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": job_of(b).pk})
        for name in ("api-job-hours-approve", "billing-job-hours", "billing-job-hours-approve")
    }
)
FOREIGN_BY_NAME["billing-job-hours-correct"] = lambda b: {
    "pk": assignment_of(b).position.shift.job_id,
    "assignment_pk": assignment_of(b).pk,
}
FOREIGN_BY_NAME.update(
    {
        name: (lambda b: {"pk": refund_of(b).pk})
        for name in ("billing-refund-retry", "billing-refund-resend", "billing-refund-check-sent")
    }
)

# The agency admin's rate-card pages (agencies/urls.py): tenant B's agency and its first version.
FOREIGN_BY_NAME["agencies:manage-card-export"] = lambda b: {
    "agency_slug": b.agency.slug,
    "version": 1,
}
FOREIGN_BY_NAME["agencies:manage-staff-remove"] = lambda b: {
    "agency_slug": b.agency.slug,
    "pk": staff_membership_of(b),
}


def staff_membership_of(b: Tenant) -> int:
    from agencies.models import StaffMembership

    return StaffMembership.objects.filter(agency=b.agency).values_list("pk", flat=True).first()


# kwarg name -> tenant B's value, where the argument means the same thing in every route.
FOREIGN_BY_KWARG: dict[str, Callable[[Tenant], object]] = {
    "agency_slug": lambda b: b.agency.slug,
    "officer_id": lambda b: b.officer_profile.pk,
    "officer_pk": lambda b: b.officer_profile.pk,
    "organization_id": lambda b: b.organization.pk,
    "organization_pk": lambda b: b.organization.pk,
    "format": lambda b: "json",
}


def public_reason(route: Route) -> str | None:
    if route.route in PUBLIC_ROUTES:
        return PUBLIC_ROUTES[route.route]
    for prefix, reason in PUBLIC_PREFIXES.items():
        if route.route.startswith(prefix):
            return reason
    return None


def foreign_kwargs(route: Route, b: Tenant) -> dict | None:
    """Tenant B's object for ``route``'s arguments, or None when the registry cannot name it."""
    if route.name in FOREIGN_BY_NAME:
        return FOREIGN_BY_NAME[route.name](b)
    if all(kwarg in FOREIGN_BY_KWARG for kwarg in route.kwargs):
        return {kwarg: FOREIGN_BY_KWARG[kwarg](b) for kwarg in route.kwargs}
    return None


def tenant_routes() -> list[Route]:
    return [route for route in walk() if public_reason(route) is None]


def actors(a: Tenant, outsider) -> list[tuple[str, object]]:
    return [
        *((f"tenant A {role}", user) for role, user in a.people.items()),
        ("outsider", outsider),
    ]


def test_the_walk_sees_the_whole_url_conf():
    routes = {route.route for route in walk()}
    assert {"api/v1/auth/me/", "api/v1/auth/token/", "healthz"} <= routes
    assert any(route.startswith("admin/") for route in routes)
    assert any(route.startswith("accounts/") for route in routes)


def test_every_route_is_classified():
    """A route is public (with a reason) or the registry can name another tenant's object."""
    unclassified = [
        str(route)
        for route in tenant_routes()
        if route.kwargs and not foreign_kwargs_possible(route)
    ]
    assert not unclassified, (
        "These routes take object arguments but the URL-walk test cannot name another tenant's "
        "object for them: add them to FOREIGN_BY_NAME / FOREIGN_BY_KWARG in "
        "tests/tenancy/test_url_walk.py, or to PUBLIC_ROUTES with the reason:\n  "
        + "\n  ".join(unclassified)
    )


def foreign_kwargs_possible(route: Route) -> bool:
    return route.name in FOREIGN_BY_NAME or all(k in FOREIGN_BY_KWARG for k in route.kwargs)


def test_public_routes_are_still_there():
    """A public declaration that matches no route is stale: remove it (or fix the route)."""
    routes = {route.route for route in walk()}
    stale = [route for route in PUBLIC_ROUTES if route not in routes]
    assert not stale, f"PUBLIC_ROUTES names routes that no longer exist: {stale}"


@pytest.mark.django_db
def test_another_tenants_objects_answer_404_plat_tenant_1(tenant_a, tenant_b, outsider):
    """PLAT-TENANT-1."""
    problems = []
    for route in tenant_routes():
        if not route.kwargs:
            continue
        values = foreign_kwargs(route, tenant_b)
        assert values is not None, f"{route} is not classified (see the test above)"
        url = build_url(route, values)
        problems += visit(
            route, url, actors(tenant_a, outsider), tenant_b.markers, FOREIGN_OBJECT_STATUSES
        )
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_routes_without_objects_show_no_other_tenants_data_plat_tenant_1(
    tenant_a, tenant_b, outsider
):
    """PLAT-TENANT-1."""
    problems = []
    for route in tenant_routes():
        if route.kwargs:
            continue
        problems += visit(route, "/" + route.route, actors(tenant_a, outsider), tenant_b.markers)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_public_agency_routes_show_no_private_data(tenant_a, tenant_b):
    """Public pages of tenant B's agency, seen by tenant A's customer: nothing private of B's
    (customers, officers) is on them."""
    private = (
        tenant_b.organization.name,
        tenant_b.customer.email,
        tenant_b.officer.full_name,
        tenant_b.officer_profile.badge_number,
    )
    problems = []
    for route in walk():
        if public_reason(route) is None or route.route.startswith(tuple(PUBLIC_PREFIXES)):
            continue
        if set(route.kwargs) - {"slug"}:
            continue
        url = build_url(route, {"slug": tenant_b.agency.slug})
        seen = visit(
            route, url, [("tenant A customer", tenant_a.customer)], private, methods=["get"]
        )
        problems += [problem for problem in seen if "another tenant" in problem]
    assert not problems, "\n".join(problems)

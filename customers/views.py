"""Organization pages: create or join an organization (where a new customer lands after signing
up), the caller's organizations with their join codes, replacing a join code, and editing an
organization's details.

Thin views: read the form, call a ``customers.services`` function, render. An organization is
loaded from the caller's own memberships: anyone else's (another customer's, or one that booked
with a staff member's agency) answers 404 and tells nothing about which organizations exist.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import roles_of
from customers import services
from customers.forms import JoinForm, OrganizationForm
from customers.models import CustomerOrganization
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.forms import attach_error


def start_url(next_url: str) -> str:
    """ "Create or join an organization", coming back to ``next_url`` afterwards."""
    return reverse("customers:org-start") + "?" + urlencode({"next": next_url})


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@policy.guard("organization.create")
@require_http_methods(["GET", "POST"])
def org_start(request):
    """Create or join an organization (where a new customer lands after signing up)."""
    roles = roles_of(request.user)
    next_url = _safe_next(request, reverse("jobs:list"))
    if roles.is_customer and request.method == "GET" and "another" not in request.GET:
        return redirect(next_url)
    create = OrganizationForm(prefix="org")
    join = JoinForm(prefix="join")
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "join":
        join = JoinForm(request.POST, prefix="join")
        if join.is_valid():
            try:
                org = services.join_organization(actor=request.user, code=join.cleaned_data["code"])
            except DomainError as error:
                attach_error(join, error)
            else:
                messages.success(request, f"You joined {org.name}.")
                return redirect(next_url)
    elif request.method == "POST":
        create = OrganizationForm(request.POST, prefix="org")
        if create.is_valid():
            try:
                org = services.create_organization(actor=request.user, **create.cleaned_data)
            except DomainError as error:
                attach_error(create, error)
            else:
                messages.success(request, f"{org.name} is set up. You can request officers now.")
                return redirect(next_url)
    context = {"create": create, "join": join, "next": next_url, "section": "org"}
    status = 400 if request.method == "POST" else 200
    return render(request, "customers/org_start.html", context, status=status)


def _own_organizations(user):
    """The caller's organizations (their memberships), whatever else their scope shows them."""
    return CustomerOrganization.objects.filter(pk__in=roles_of(user).organization_ids)


def _newcomers_to_start(view):
    """A signed-in user with no role yet is sent to "Create or join an organization" first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        roles = roles_of(request.user)
        if request.user.is_authenticated and not (roles.is_customer or roles.is_agency_member):
            return redirect(start_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


@_newcomers_to_start
@policy.guard("organization.view_own")
def org_detail(request):
    """The caller's organizations: details, members and the join code to share."""
    orgs = _own_organizations(request.user).prefetch_related("members__user").order_by("name")
    rows = [{"org": org, "code": services.join_code(org)} for org in orgs]
    return render(request, "customers/org_detail.html", {"rows": rows, "section": "org"})


@policy.guard("organization.manage", hide=True)
@require_POST
def org_renew_code(request, pk: int):
    """A member replaces the organization's join code; the old one stops working. Anyone else
    (agency staff and officers included, who may see the organization on its jobs): 404."""
    organization = get_object_or_404(_own_organizations(request.user), pk=pk)
    services.renew_join_code(actor=request.user, organization=organization)
    messages.success(
        request,
        f"{organization.name} has a new join code. The old one no longer works; "
        "everyone who already joined stays a member.",
    )
    return redirect("customers:org")


@policy.guard("organization.manage", hide=True)
@require_http_methods(["GET", "POST"])
def org_edit(request, pk: int):
    """A member changes the organization's name, billing contact and email, address or phone.
    Anyone else (agency staff and officers included): 404."""
    organization = get_object_or_404(_own_organizations(request.user), pk=pk)
    form = OrganizationForm(request.POST or None, initial=_details_of(organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                actor=request.user, organization=organization, details=form.details()
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, f"{organization.name}'s details are saved.")
            return redirect("customers:org")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "organization": organization, "section": "org"}
    return render(request, "customers/org_edit.html", context, status=status)


def _details_of(organization: CustomerOrganization) -> dict:
    fields = ("name", "billing_contact", "billing_email", "address", "phone")
    return {field: getattr(organization, field) for field in fields}

"""Customer organizations: create or join one (where a new customer lands after signing up), see
its members and join code, renew the code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import roles_of
from detailhire.errors import DomainError
from jobs.forms import JoinForm, OrganizationForm, attach_error
from jobs.models import CustomerOrganization
from jobs.services import organizations


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _start_url(next_url: str) -> str:
    return reverse("jobs:org-start") + "?" + urlencode({"next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def org_start(request):
    """Create or join an organization (where a new customer lands after signing up)."""
    roles = roles_of(request.user)
    if roles.is_agency_member:
        raise PermissionDenied("Agency staff and officers do not book details.")
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
                org = organizations.join_organization(
                    actor=request.user, code=join.cleaned_data["code"]
                )
            except DomainError as error:
                attach_error(join, error)
            else:
                messages.success(request, f"You joined {org.name}.")
                return redirect(next_url)
    elif request.method == "POST":
        create = OrganizationForm(request.POST, prefix="org")
        if create.is_valid():
            try:
                org = organizations.create_organization(actor=request.user, **create.cleaned_data)
            except DomainError as error:
                attach_error(create, error)
            else:
                messages.success(request, f"{org.name} is set up. You can request officers now.")
                return redirect(next_url)
    context = {"create": create, "join": join, "next": next_url, "section": "org"}
    status = 400 if request.method == "POST" else 200
    return render(request, "customers/org_start.html", context, status=status)


@login_required
def org_detail(request):
    """The caller's organizations: details, members and the join code to share."""
    roles = roles_of(request.user)
    if not roles.is_customer:
        if roles.is_agency_member:
            raise PermissionDenied("This page is for customers.")
        return redirect(_start_url(request.get_full_path()))
    orgs = (
        CustomerOrganization.objects.filter(pk__in=roles.organization_ids)
        .prefetch_related("members__user")
        .order_by("name")
    )
    rows = [{"org": org, "code": organizations.join_code(org)} for org in orgs]
    return render(request, "customers/org_detail.html", {"rows": rows, "section": "org"})


@login_required
@require_POST
def org_renew_code(request, pk: int):
    """A member replaces the organization's join code; the old one stops working."""
    organization = get_object_or_404(CustomerOrganization.objects, pk=pk)  # others': 404
    organizations.renew_join_code(actor=request.user, organization=organization)
    messages.success(
        request,
        f"{organization.name} has a new join code. The old one no longer works; "
        "everyone who already joined stays a member.",
    )
    return redirect("jobs:org")

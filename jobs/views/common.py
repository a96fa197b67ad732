"""What the job pages share: the welcome for a signed-in user with no role yet, and the job the
caller can see."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from accounts.roles import roles_of
from jobs.models import Job
from jobs.read import job_queryset


def has_role(user) -> bool:
    roles = roles_of(user)
    return roles.is_customer or roles.is_agency_member


def start_url(next_url: str) -> str:
    """ "Create or join an organization", then back to ``next_url``."""
    return reverse("customers:org-start") + "?" + urlencode({"next": next_url})


def newcomers_to_start(view):
    """A signed-in user with no role yet (just signed up) is sent to "Create or join an
    organization" and comes back here after; everyone else meets the view's policy guard."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(request.user):
            return redirect(start_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def newcomers_see_nothing(view):
    """A signed-in user with no role sees no job (their scope is empty): 404, as for a job of
    another organization."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(request.user):
            raise Http404("No such job.")
        return view(request, *args, **kwargs)

    return wrapper


def visible_job(pk: int, *, detail: bool = False) -> Job:
    """The job through the scoped manager: another tenant's job is a 404."""
    queryset = job_queryset(detail=True) if detail else Job.objects.select_related("agency")
    return get_object_or_404(queryset, pk=pk)

"""What the officer and staff pages share: who may come in (the signed-in officer, the
agency a staff page acts for), the card, and small helpers."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.roles import roles_of
from agencies.models import Agency
from agencies.ratecards import NoRateCard
from detailhire import policy
from detailhire.errors import DomainError
from officers.models import Assignment, Officer
from officers.services.cards import card_for_agency

BIG_JOB_FIELDS = (
    "position__shift__job__request_snapshot",
    "position__shift__job__quote",
)


# --- who may come in -----------------------------------------------------------------------------


# Who may come in is the policy's answer (``@policy.guard``, officers/rules.py); these load what
# the pages work with once the guard let the user in.


def with_officer(view):
    """``request.officer``: the signed-in officer's profile (after ``officer.pages``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.officer = get_object_or_404(
            Officer.objects.select_related("agency", "user"), pk=roles_of(request.user).officer_id
        )
        return view(request, *args, **kwargs)

    return wrapper


STAFF_AGENCY_SESSION_KEY = "staff_agency"


def staff_required(view):
    """Logged in and an agency admin or coordinator (else 403); ``request.agency`` is the agency
    the page acts for: their only one, or, for staff of several, the one they chose
    (``?agency=<slug>``, remembered in the session). Never the first one by default: with no
    choice yet the page asks which agency (400); another agency's slug is a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        policy.require(request.user, "staff.pages")
        ids = roles_of(request.user).staff_agency_ids
        chosen = request.GET.get("agency")
        if chosen:  # another agency's (or no agency's) slug: 404
            if not chosen.replace("-", "").replace("_", "").isalnum():
                raise Http404("No such agency.")
            request.agency = get_object_or_404(Agency, slug=chosen, pk__in=ids)
        elif len(ids) == 1:
            request.agency = get_object_or_404(Agency, pk=ids[0])
        else:
            remembered = request.session.get(STAFF_AGENCY_SESSION_KEY) or ""
            request.agency = Agency.objects.filter(slug=remembered, pk__in=ids).first()
        if request.agency is None:
            agencies = Agency.objects.filter(pk__in=ids).order_by("name")
            context = {"agencies": agencies, "path": request.path}
            return render(request, "officers/staff_choose_agency.html", context, status=400)
        if len(ids) > 1 and request.session.get(STAFF_AGENCY_SESSION_KEY) != request.agency.slug:
            request.session[STAFF_AGENCY_SESSION_KEY] = request.agency.slug
        policy.require(request.user, "staff.pages", request.agency)
        return view(request, *args, **kwargs)

    return wrapper


def agency_card(agency):
    try:
        return card_for_agency(agency)
    except NoRateCard:
        return None


def own_assignment(request, pk: int) -> Assignment:
    """The officer's own assignment: another officer's (or tenant's) is 404."""
    return get_object_or_404(
        Assignment.objects.filter(officer=request.officer)
        .select_related("position__shift__job__coordinator", "officer__agency", "officer__user")
        .defer(*BIG_JOB_FIELDS),
        pk=pk,
    )


def refused(request, error: DomainError) -> None:
    messages.error(request, str(error))


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# --- job board -----------------------------------------------------------------------------------

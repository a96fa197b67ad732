"""The officer's schedule: upcoming and past details, earnings and the private iCal feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope, scopes_disabled

from accounts.scopes import agency_scope
from detailhire import policy
from officers import ical
from officers.models import Assignment, IcalFeed
from officers.services import earnings
from officers.services.claims import withdraw_cutoff
from officers.states import LIVE_STATES
from officers.views.common import BIG_JOB_FIELDS, agency_card, with_officer

PAST_SHOWN = 20


def _schedule_rows(officer, now):
    base = (
        Assignment.objects.filter(officer=officer)
        .select_related("position__shift__job")
        .defer(*BIG_JOB_FIELDS)
    )
    upcoming = list(base.filter(state__in=LIVE_STATES, ends_at__gt=now).order_by("starts_at", "pk"))
    past = list(
        base.filter(ends_at__lte=now)
        .exclude(state=Assignment.State.REPLACED)
        .order_by("-starts_at", "-pk")[:PAST_SHOWN]
    )
    return upcoming, past


@require_GET
@policy.guard("officer.pages")
@with_officer
def schedule(request):
    officer = request.officer
    now = timezone.now()
    period = request.GET.get("period")
    period = period if period in earnings.PERIODS else earnings.WEEK
    upcoming, past = _schedule_rows(officer, now)
    card = agency_card(officer.agency)
    for assignment in upcoming:
        assignment.cutoff = withdraw_cutoff(assignment, card) if card else None
        assignment.can_withdraw = bool(assignment.cutoff and now <= assignment.cutoff)
    feed = ical.feed_for(officer)
    context = {
        "tab": "schedule",
        "officer": officer,
        "agency": officer.agency,
        "upcoming": upcoming,
        "past": past,
        "period": period,
        "periods": earnings.earnings(officer, period=period, now=now),
        "feed_url": request.build_absolute_uri(
            reverse("officers:ical-feed", kwargs={"token": feed.token})
        ),
    }
    return render(request, "officers/schedule.html", context)


@require_POST
@policy.guard("officer.pages")
@with_officer
def ical_regenerate(request):
    ical.regenerate(request.officer)
    messages.success(
        request, "New calendar link made. The old link no longer works: update your calendar app."
    )
    return redirect(reverse("officers:schedule") + "#calendar")


@require_GET
def ical_feed(request, token: str):
    """Public by design: the unguessable token is the credential (calendar apps cannot log in).
    The lookup crosses tenants on purpose (the token decides the tenant); a revoked token is 404."""
    with scopes_disabled():
        feed = (
            IcalFeed.objects.select_related("officer__agency")
            .filter(token=token, officer__active=True)
            .first()
        )
    if feed is None:
        raise Http404("No such calendar.")
    with scope(**agency_scope(feed.officer.agency_id)):
        body = ical.calendar_bytes(feed.officer)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="details.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- one assignment: attendance, withdraw, notes -------------------------------------------------

"""The job board: open positions the officer may claim, with their pay, and the claim."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from detailhire import policy
from detailhire.errors import DomainError
from jobs.models import Position
from officers.forms import (
    BoardFilterForm,
    PageForm,
)
from officers.services import attendance, earnings
from officers.services.board import open_positions_for
from officers.services.cards import rank_name
from officers.services.claims import claim_position
from officers.views.common import agency_card, refused, safe_next, with_officer

BOARD_PAGE = 25
# what a board card shows: never the job's large snapshot columns
BOARD_FIELDS = (
    "id",
    "role",
    "required_rank",
    "required_specialty",
    "officer_pay_rate",
    "preferred_until",
    "shift__id",
    "shift__starts_at",
    "shift__ends_at",
    "shift__job__id",
    "shift__job__title",
    "shift__job__address",
    "shift__tier",
    "shift__job__job_type",
    "shift__job__post_orders",
)


@require_GET
@policy.guard("officer.pages")
@with_officer
def officer_home(request):
    return redirect("officers:board")


@require_GET
@policy.guard("officer.pages")
@with_officer
def board(request):
    officer = request.officer
    card = agency_card(officer.agency)
    job_types = [(t.code, t.name) for t in card.job_types] if card else []
    form = BoardFilterForm(request.GET or None, job_types=job_types)
    filters = form.filters(officer.agency.time_zone) if form.is_bound else None
    now = timezone.now()
    offset = PageForm(request.GET).offset_or_zero()
    # Positions still in their preferred window are on this board only because the officer is
    # one of the job's preferred officers: they come first (NOPD-REL-1).
    queryset = (
        open_positions_for(officer, now=now, filters=filters, reserved_first=True)
        .select_related("shift__job")
        .only(*BOARD_FIELDS)
    )
    rows = list(queryset[offset : offset + BOARD_PAGE + 1])
    more = len(rows) > BOARD_PAGE
    rows = rows[:BOARD_PAGE]
    type_names = dict(job_types)
    tier_names = {t.code: t.name for t in card.tiers} if card else {}
    entries = [
        {
            "position": position,
            "job": position.shift.job,
            "shift": position.shift,
            "hours": attendance.hours_between(position.shift.starts_at, position.shift.ends_at),
            "shift_pay": earnings.line_amount(position.shift, position.officer_pay_rate),
            "reserved": position.preferred_until is not None and position.preferred_until > now,
            "job_type": type_names.get(position.shift.job.job_type, position.shift.job.job_type),
            "tier": tier_names.get(position.shift.tier, position.shift.tier),
            "rank": rank_name(card, position.required_rank)
            if card and position.required_rank
            else "",
        }
        for position in rows
    ]
    query = request.GET.copy()
    query.pop("offset", None)
    context = {
        "tab": "board",
        "officer": officer,
        "agency": officer.agency,
        "form": form,
        "entries": entries,
        "offset": offset,
        "next_offset": offset + BOARD_PAGE if more else None,
        "prev_offset": max(0, offset - BOARD_PAGE) if offset else None,
        "query": query.urlencode(),
        "filtered": bool(
            request.GET.get("starts_from")
            or request.GET.get("starts_to")
            or request.GET.get("min_pay")
            or request.GET.get("job_type")
        ),
    }
    return render(request, "officers/board.html", context)


@require_POST
@policy.guard("officer.pages")
@with_officer
def claim(request, pk: int):
    get_object_or_404(Position.objects, pk=pk)  # the caller's tenant only: else 404
    back = safe_next(request, reverse("officers:board"))
    try:
        assignment = claim_position(pk, actor=request.user)
    except DomainError as error:
        refused(request, error)
        return redirect(back)
    messages.success(request, "Claimed. The detail is on your schedule.")
    return redirect("officers:assignment", pk=assignment.pk)


# --- schedule, earnings, calendar feed -----------------------------------------------------------

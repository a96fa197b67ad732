"""The staff pages: officers (invite, edit, deactivate) and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from detailhire import policy
from detailhire.errors import DomainError
from detailhire.pagination import page_number, page_of_rows
from officers.forms import (
    EditOfficerForm,
    InviteOfficerForm,
    UndoCheckOutForm,
)
from officers.models import Assignment, Officer
from officers.services import attendance
from officers.services.invitations import invite_officer, update_officer
from officers.views.common import agency_card, refused, safe_next, staff_required

# --- staff: officers and attendance --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@policy.guard("staff.pages")
@staff_required
def staff_officers(request):
    agency = request.agency
    card = agency_card(agency)
    ranks = [(r.code, r.name) for r in card.ranks] if card else []
    form = InviteOfficerForm(request.POST or None, ranks=ranks)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            invitation = form.invitation()
            try:
                invite_officer(
                    invitation,
                    actor=request.user,
                    agency=agency,
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email}. They choose a password from the "
                    "link in the email.",
                )
                return redirect("officers:staff-officers")
    officers = list(
        Officer.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    rank_names = dict(ranks)
    for officer in officers:
        officer.rank_name = rank_names.get(officer.rank, officer.rank)
        officer.invited = not officer.user.has_usable_password()
    context = {
        "staff_tab": "officers",
        "agency": agency,
        "form": form,
        "officers": officers,
        "can_edit": policy.allows(request.user, "agency.manage", agency),
    }
    return render(request, "officers/staff_officers.html", context, status=status)


@require_GET
@policy.guard("staff.pages")
@staff_required
def staff_attendance(request):
    now = timezone.now()
    number = page_number(request.GET.get("page"), attendance.PROBLEMS_PAGE)
    found = attendance.late_or_missing(request.agency, now, page=number)
    problems = page_of_rows(found, number, attendance.PROBLEMS_PAGE)
    context = {
        "staff_tab": "attendance",
        "agency": request.agency,
        "problems": problems,
        "now": now,
        "late_after": int(attendance.LATE_AFTER.total_seconds() // 60),
        "check_outs": attendance.recent_check_outs(request.agency, now),
        "undo_minutes": int(attendance.undo_window().total_seconds() // 60),
        "reason_max": attendance.REASON_MAX,
    }
    return render(request, "officers/staff_attendance.html", context)


@require_POST
@policy.guard("staff.pages")
@staff_required
def staff_undo_check_out(request, pk: int):
    """A coordinator reopens an officer's check-out, with a reason (PLAT-ATTEND-1, audited)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("officer__agency", "officer__user", "position__shift"),
        pk=pk,
    )
    form = UndoCheckOutForm(request.POST)
    back = safe_next(request, reverse("officers:staff-attendance"))
    if not form.is_valid():
        messages.error(request, f"Reason: at most {attendance.REASON_MAX} characters.")
        return redirect(back)
    try:
        attendance.undo_check_out(
            assignment, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        refused(request, error)
    else:
        messages.success(request, f"Check-out of {assignment.officer.user.display_name} undone.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
@staff_required
def staff_officer_edit(request, pk: int):
    """An agency admin edits an officer's record or deactivates them (audited)."""
    agency = request.agency
    policy.require(request.user, "agency.manage", agency)
    officer = get_object_or_404(
        Officer.objects.select_related("user", "agency").filter(agency=agency), pk=pk
    )
    card = agency_card(agency)
    ranks = [(r.code, r.name) for r in card.ranks] if card else []
    initial = {
        "rank": officer.rank,
        "badge_number": officer.badge_number,
        "seniority_date": officer.seniority_date,
        "specialties": ", ".join(officer.specialties),
        "active": officer.active,
    }
    form = EditOfficerForm(request.POST or None, initial=initial, ranks=ranks)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = update_officer(officer, form.record(), actor=request.user)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, "Officer saved." if changed else "Nothing changed.")
                return redirect("officers:staff-officers")
    context = {"staff_tab": "officers", "agency": agency, "officer": officer, "form": form}
    return render(request, "officers/staff_officer_edit.html", context, status=status)

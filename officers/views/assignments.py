"""One assignment: its page, check in and out, withdraw, field notes and their media."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from detailhire import policy
from detailhire.errors import DomainError
from officers.forms import (
    AttendanceForm,
    NoteForm,
)
from officers.models import Assignment, FieldMedia
from officers.services import attendance, earnings, notes
from officers.services.claims import withdraw, withdraw_cutoff
from officers.states import HOLDING_STATES, LIVE_STATES
from officers.views.common import (
    BIG_JOB_FIELDS,
    agency_card,
    own_assignment,
    refused,
    with_officer,
)

# why an assignment that ended without being worked earns nothing (earnings count worked ones only)
UNPAID_BECAUSE = {
    Assignment.State.CANCELLED: "the detail was cancelled.",
    Assignment.State.WITHDRAWN: "you withdrew from the detail.",
    Assignment.State.REPLACED: "a substitute took your place.",
    Assignment.State.NO_SHOW: "no attendance was recorded.",
}


def _assignment_page(request, assignment, note_form=None, status=200):
    now = timezone.now()
    card = agency_card(assignment.officer.agency)
    cutoff = withdraw_cutoff(assignment, card) if card else None
    active = assignment.state in LIVE_STATES
    context = {
        "tab": "schedule",
        "officer": request.officer,
        "agency": assignment.officer.agency,
        "assignment": assignment,
        "job": assignment.position.shift.job,
        "shift": assignment.position.shift,
        "hours": attendance.hours_between(assignment.starts_at, assignment.ends_at),
        "shift_pay": earnings.line_amount(assignment, assignment.position.officer_pay_rate),
        "unpaid_because": UNPAID_BECAUSE.get(assignment.state, ""),
        "tier_name": next(
            (t.name for t in card.tiers if t.code == assignment.position.shift.tier), ""
        )
        if card and assignment.position.shift.tier
        else "",
        "cutoff": cutoff,
        "can_withdraw": active and cutoff is not None and now <= cutoff,
        "can_check_in": active and assignment.checked_in_at is None and now < assignment.ends_at,
        "check_in_opens": assignment.starts_at - attendance.EARLIEST_CHECK_IN,
        "too_early": now < assignment.starts_at - attendance.EARLIEST_CHECK_IN,
        "can_check_out": active
        and assignment.checked_in_at is not None
        and assignment.checked_out_at is None,
        "check_out_opens": assignment.starts_at,
        "too_early_to_leave": now < assignment.starts_at,
        "can_undo_check_out": attendance.may_undo_check_out(assignment, request.user, now),
        "undo_until": assignment.checked_out_at + attendance.undo_window()
        if assignment.checked_out_at
        else None,
        "notes": notes.notes_for_assignment(assignment),
        "note_form": note_form or NoteForm(),
        "attendance_form": AttendanceForm(),
        "can_note": assignment.state in HOLDING_STATES,
    }
    return render(request, "officers/assignment.html", context, status=status)


@require_GET
@policy.guard("officer.pages")
@with_officer
def assignment_detail(request, pk: int):
    return _assignment_page(request, own_assignment(request, pk))


@require_POST
@policy.guard("officer.pages")
@with_officer
def assignment_withdraw(request, pk: int):
    assignment = own_assignment(request, pk)
    try:
        withdraw(assignment, actor=request.user)
    except DomainError as error:
        refused(request, error)
        return redirect("officers:assignment", pk=pk)
    messages.success(request, "You withdrew from the detail. Its position is open again.")
    return redirect("officers:schedule")


def _attendance_action(request, pk: int, action, done: str):
    assignment = own_assignment(request, pk)
    form = AttendanceForm(request.POST)
    location = form.cleaned_data["location"] if form.is_valid() else None
    try:
        action(assignment, actor=request.user, location=location)
    except DomainError as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect("officers:assignment", pk=pk)


@require_POST
@policy.guard("officer.pages")
@with_officer
def check_in(request, pk: int):
    return _attendance_action(request, pk, attendance.check_in, "Checked in.")


@require_POST
@policy.guard("officer.pages")
@with_officer
def check_out(request, pk: int):
    return _attendance_action(request, pk, attendance.check_out, "Checked out. Hours recorded.")


@require_POST
@policy.guard("officer.pages")
@with_officer
def undo_check_out(request, pk: int):
    """The officer reopens their check-out within the undo window (PLAT-ATTEND-1)."""
    assignment = own_assignment(request, pk)
    try:
        attendance.undo_check_out(assignment, actor=request.user)
    except DomainError as error:
        refused(request, error)
    else:
        messages.success(request, "Check-out undone. Check out again when you leave.")
    return redirect("officers:assignment", pk=pk)


@require_POST
@policy.guard("officer.pages")
@with_officer
def add_note(request, pk: int):
    assignment = own_assignment(request, pk)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            notes.add_note(
                assignment,
                actor=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file") or None,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Note saved. The customer sees it on their job page.")
            return redirect(reverse("officers:assignment", kwargs={"pk": pk}) + "#notes")
    return _assignment_page(request, assignment, note_form=form, status=400)


@require_GET
@policy.guard("field_media.view")
def field_media(request, pk: int):
    """A note's file, only for the job's customer, its officers and agency staff; else 404. Never
    served from MEDIA_URL."""
    media = get_object_or_404(
        FieldMedia.objects.select_related("note__assignment__position__shift__job").defer(
            *(f"note__assignment__{name}" for name in BIG_JOB_FIELDS)
        ),
        pk=pk,
    )
    if not notes.may_view(request.user, media):
        raise Http404("No such file.")
    path = notes.path_of(media)
    if not path.is_file():
        raise Http404("The file is missing.")
    # Only images re-encoded on upload are shown in the browser; anything else (a PDF above all,
    # whatever follows its "%PDF-") downloads as an attachment.
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it when the response is done
    inline = media.served_inline and not handle.read(5).startswith(b"%PDF-")
    handle.seek(0)
    response = FileResponse(
        handle,
        content_type=media.content_type,
        as_attachment=not inline,
        filename=media.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- profile -------------------------------------------------------------------------------------

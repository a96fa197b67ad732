"""Officer pages: job board, claim, schedule (with the iCal feed and earnings), an assignment's
page (check in/out, withdraw, field notes), profile; and the staff pages to invite officers and
watch attendance. Thin: parse, find the object in the caller's tenant scope (another tenant's is
404), call a service, render. Services refuse with sentences; the pages show them."""

from __future__ import annotations

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scope, scopes_disabled

from accounts.roles import roles_of
from accounts.scopes import agency_scope
from agencies.models import Agency
from agencies.ratecards import NoRateCard
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.pagination import page_number, page_of_rows
from jobs.models import Position
from officers import ical
from officers.forms import (
    AttendanceForm,
    BoardFilterForm,
    DutyImportForm,
    EditOfficerForm,
    InviteOfficerForm,
    NoteForm,
    PageForm,
    PhoneForm,
    UndoCheckOutForm,
)
from officers.models import Assignment, FieldMedia, IcalFeed, Officer
from officers.services import attendance, duty, earnings, notes
from officers.services.board import open_positions_for
from officers.services.cards import card_for_agency, rank_name
from officers.services.claims import claim_position, withdraw, withdraw_cutoff
from officers.services.invitations import invite_officer, update_officer, update_phone
from officers.states import HOLDING_STATES, LIVE_STATES

BOARD_PAGE = 25
PAST_SHOWN = 20
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
# why an assignment that ended without being worked earns nothing (earnings count worked ones only)
UNPAID_BECAUSE = {
    Assignment.State.CANCELLED: "the detail was cancelled.",
    Assignment.State.WITHDRAWN: "you withdrew from the detail.",
    Assignment.State.REPLACED: "a substitute took your place.",
    Assignment.State.NO_SHOW: "no attendance was recorded.",
}
_BIG_JOB_FIELDS = (
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


def _card(agency):
    try:
        return card_for_agency(agency)
    except NoRateCard:
        return None


def _own_assignment(request, pk: int) -> Assignment:
    """The officer's own assignment: another officer's (or tenant's) is 404."""
    return get_object_or_404(
        Assignment.objects.filter(officer=request.officer)
        .select_related("position__shift__job__coordinator", "officer__agency", "officer__user")
        .defer(*_BIG_JOB_FIELDS),
        pk=pk,
    )


def _refused(request, error: DomainError) -> None:
    messages.error(request, str(error))


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# --- job board -----------------------------------------------------------------------------------


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
    card = _card(officer.agency)
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
    back = _safe_next(request, reverse("officers:board"))
    try:
        assignment = claim_position(pk, actor=request.user)
    except DomainError as error:
        _refused(request, error)
        return redirect(back)
    messages.success(request, "Claimed. The detail is on your schedule.")
    return redirect("officers:assignment", pk=assignment.pk)


# --- schedule, earnings, calendar feed -----------------------------------------------------------


def _schedule_rows(officer, now):
    base = (
        Assignment.objects.filter(officer=officer)
        .select_related("position__shift__job")
        .defer(*_BIG_JOB_FIELDS)
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
    card = _card(officer.agency)
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


def _assignment_page(request, assignment, note_form=None, status=200):
    now = timezone.now()
    card = _card(assignment.officer.agency)
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
    return _assignment_page(request, _own_assignment(request, pk))


@require_POST
@policy.guard("officer.pages")
@with_officer
def assignment_withdraw(request, pk: int):
    assignment = _own_assignment(request, pk)
    try:
        withdraw(assignment, actor=request.user)
    except DomainError as error:
        _refused(request, error)
        return redirect("officers:assignment", pk=pk)
    messages.success(request, "You withdrew from the detail. Its position is open again.")
    return redirect("officers:schedule")


def _attendance_action(request, pk: int, action, done: str):
    assignment = _own_assignment(request, pk)
    form = AttendanceForm(request.POST)
    location = form.cleaned_data["location"] if form.is_valid() else None
    try:
        action(assignment, actor=request.user, location=location)
    except DomainError as error:
        _refused(request, error)
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
    assignment = _own_assignment(request, pk)
    try:
        attendance.undo_check_out(assignment, actor=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, "Check-out undone. Check out again when you leave.")
    return redirect("officers:assignment", pk=pk)


@require_POST
@policy.guard("officer.pages")
@with_officer
def add_note(request, pk: int):
    assignment = _own_assignment(request, pk)
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
            *(f"note__assignment__{name}" for name in _BIG_JOB_FIELDS)
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


@require_http_methods(["GET", "POST"])
@policy.guard("officer.pages")
@with_officer
def profile(request):
    officer = request.officer
    form = PhoneForm(request.POST or None, initial={"phone": officer.phone})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            update_phone(officer, actor=request.user, phone=form.cleaned_data["phone"])
        except DomainError as error:
            form.add_error("phone", str(error))
        else:
            messages.success(request, "Phone number saved.")
            return redirect("officers:profile")
    if request.method == "POST":
        status = 400
    card = _card(officer.agency)
    context = {
        "tab": "profile",
        "officer": officer,
        "agency": officer.agency,
        "rank": rank_name(card, officer.rank) if card else officer.rank,
        "form": form,
    }
    return render(request, "officers/profile.html", context, status=status)


# --- staff: officers and attendance --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@policy.guard("staff.pages")
@staff_required
def staff_officers(request):
    agency = request.agency
    card = _card(agency)
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
    back = _safe_next(request, reverse("officers:staff-attendance"))
    if not form.is_valid():
        messages.error(request, f"Reason: at most {attendance.REASON_MAX} characters.")
        return redirect(back)
    try:
        attendance.undo_check_out(
            assignment, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Check-out of {assignment.officer.user.display_name} undone.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
@staff_required
def staff_duty(request):
    """The agency admin imports regular duty schedules (PLAT-DUTY-1): upload, preview, apply."""
    agency = request.agency
    policy.require(request.user, "agency.manage", agency)
    form = DutyImportForm(request.POST or None, request.FILES or None)
    changes, text, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            today = timezone.now().astimezone(ZoneInfo(agency.time_zone)).date()
            try:
                text = form.csv_text()
                lines = duty.read_duty_csv(text, agency.time_zone, today=today)
                changes = duty.plan(agency, lines)
                if request.POST.get("confirm") == "1":
                    stored = duty.apply(agency, changes, actor=request.user)
                    messages.success(
                        request,
                        f"Regular duty imported: {stored} shift{'s' if stored != 1 else ''} "
                        f"for {len(changes)} officer{'s' if len(changes) != 1 else ''}.",
                    )
                    return redirect("officers:staff-duty")
                status = 200
            except DomainError as error:
                form.add_error("document", str(error))
                changes = None
    context = {
        "staff_tab": "duty",
        "agency": agency,
        "form": form,
        "changes": changes,
        "text": text,
    }
    return render(request, "officers/staff_duty.html", context, status=status)


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
    card = _card(agency)
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

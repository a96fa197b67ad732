"""Officer services behind the pages: attendance (check in/out, hours, late or missing), field
notes and media checks, earnings by period, officer invitations."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from agencies.models import Agency
from audit.models import AuditEvent
from detailhire.errors import ConflictError, DomainError, PermissionDenied
from officers.forms import AttendanceForm, InviteOfficerForm, split_specialties
from officers.models import Assignment, FieldMedia, Officer
from officers.services import attendance, earnings, notes
from officers.services.invitations import OfficerInvitation, invite_officer, update_phone
from tests.officer_pages.helpers import PDF_BYTES, claimed, pixels, png_bytes
from tests.officers.helpers import local, officer, user

pytestmark = pytest.mark.usefixtures("demo")

START = local(2027, 3, 9, 8)  # the default detail: 8:00 AM-4:00 PM in New Orleans


# --- attendance ----------------------------------------------------------------------------------


def test_check_in_and_out_record_elapsed_hours_with_audit_rows_plat_time_1():
    """PLAT-TIME-1."""
    assignment = claimed()
    me = user("officer1@nopd.demo")
    with scopes_disabled():
        attendance.check_in(
            assignment,
            actor=me,
            at=START - timedelta(minutes=10),
            location=attendance.parse_location("29.9511,-90.0715"),
        )
        attendance.check_out(assignment, actor=me, at=START + timedelta(hours=8, minutes=10))
        assignment.refresh_from_db()
        types = list(
            AuditEvent.objects.filter(object_type="assignment", object_id=assignment.pk)
            .order_by("pk")
            .values_list("event_type", flat=True)
        )
    assert assignment.hours_worked == Decimal("8.33")
    assert str(assignment.hours_worked) == "8.33"
    assert assignment.check_in_location == "29.95110,-90.07150"
    assert types[-2:] == ["assignment.checked_in", "assignment.checked_out"]


def test_hours_between_rounds_half_up_to_the_cent():
    assert attendance.hours_between(START, START + timedelta(minutes=45)) == Decimal("0.75")
    assert attendance.hours_between(START, START + timedelta(seconds=18)) == Decimal("0.01")
    assert attendance.hours_between(START, START + timedelta(seconds=17)) == Decimal("0.00")


def test_check_in_refusals_too_early_twice_not_yours():
    """PLAT-ATTEND-1: check in from an hour before the start, once; check out after it."""
    assignment = claimed()
    me = user("officer1@nopd.demo")
    with scopes_disabled():
        with pytest.raises(ConflictError, match="Too early: you can check in from 1 hour"):
            attendance.check_in(assignment, actor=me, at=START - timedelta(minutes=61))
        with pytest.raises(PermissionDenied):
            attendance.check_in(assignment, actor=user("officer2@nopd.demo"), at=START)
        with pytest.raises(ConflictError, match="Check in first"):
            attendance.check_out(assignment, actor=me, at=START)
        attendance.check_in(assignment, actor=me, at=START - timedelta(minutes=60))
        with pytest.raises(ConflictError, match="You already checked in at Tue Mar 9, 7:00 AM"):
            attendance.check_in(assignment, actor=me, at=START)
        with pytest.raises(ConflictError, match="after the check-in"):
            attendance.check_out(assignment, actor=me, at=START - timedelta(hours=2))


def test_location_is_optional_and_garbage_is_dropped():
    assert attendance.parse_location("") is None
    assert attendance.parse_location("somewhere") is None
    assert attendance.parse_location("95,10") is None
    assert str(attendance.parse_location(" 29.95107123 , -90.07153 ")) == "29.95107,-90.07153"
    form = AttendanceForm({"location": " 29.95107123 , -90.07153 "})
    assert form.is_valid() and str(form.cleaned_data["location"]) == "29.95107,-90.07153"
    assert AttendanceForm({"location": "<script>"}).is_valid()  # dropped, never refused


def _on_time_late_and_missing():
    """Three officers on the default detail: one checked in on time, one 40 minutes late, one
    not at all. Returns the late and the missing assignment."""
    on_time = claimed("On time")
    late = claimed("Late", email="officer2@nopd.demo")
    missing = claimed("Missing", email="officer3@nopd.demo")
    with scopes_disabled():
        attendance.check_in(on_time, actor=user("officer1@nopd.demo"), at=START)
        attendance.check_in(
            late, actor=user("officer2@nopd.demo"), at=START + timedelta(minutes=40)
        )
    return late, missing


def test_late_or_missing_lists_missing_then_late():
    late, missing = _on_time_late_and_missing()
    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        found = attendance.late_or_missing(agency, START + timedelta(hours=1))
        before = attendance.late_or_missing(agency, START + timedelta(minutes=5))
    assert [(p.assignment.pk, p.kind) for p in found] == [
        (missing.pk, "missing"),
        (late.pk, "late"),
    ]
    assert found[1].minutes_late == 40
    assert before == []


# --- notes and media -----------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_note_with_a_photo_is_stored_under_a_random_name_per_agency(settings):
    assignment = claimed()
    with scopes_disabled():
        note = notes.add_note(
            assignment,
            actor=user("officer1@nopd.demo"),
            text="Gate opened on time.",
            upload=upload("../../etc/My Photo.png", png_bytes(), "image/png"),
        )
        media = FieldMedia.objects.get(note=note)
    agency_id = assignment.officer.agency_id
    folder, name = media.stored_name.rsplit("/", 1)
    assert folder == f"field-media/{agency_id}"
    assert len(name) == len("0" * 32 + ".png") and name.endswith(".png")
    assert media.original_name == "My Photo.png"
    stored = (settings.MEDIA_ROOT / media.stored_name).read_bytes()
    assert (media.content_type, media.size, media.reencoded) == ("image/png", len(stored), True)
    # the image is stored re-encoded: the same picture, none of the uploader's other bytes
    assert pixels(stored) == pixels(png_bytes())


def test_uploads_are_checked_by_content_type_and_size():
    assignment = claimed()
    me = user("officer1@nopd.demo")
    with scopes_disabled():
        with pytest.raises(DomainError, match="not a JPEG, PNG or WebP photo, or a PDF") as bad:
            notes.add_note(assignment, actor=me, upload=upload("photo.png", b"MZ\x90\x00 not png"))
        assert bad.value.field == "file"
        big = upload("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
        with pytest.raises(DomainError, match="MB is too big; the limit is 10 MB") as too_big:
            notes.add_note(assignment, actor=me, upload=big)
        assert too_big.value.field == "file"
        note = notes.add_note(assignment, actor=me, upload=upload("orders", PDF_BYTES))
        assert note.media.get().original_name == "orders.pdf"
        assert notes.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") is notes.WEBP
        assert notes.sniff(b"\xff\xd8\xff\xe0") is notes.JPEG
        with pytest.raises(DomainError, match="write a note or attach a file"):
            notes.add_note(assignment, actor=me, text="  ")
        with pytest.raises(PermissionDenied):
            notes.add_note(assignment, actor=user("officer2@nopd.demo"), text="Not mine")


def test_refused_upload_writes_nothing(settings):
    assignment = claimed()
    with scopes_disabled(), pytest.raises(DomainError):
        notes.add_note(
            assignment,
            actor=user("officer1@nopd.demo"),
            text="x",
            upload=upload("x.gif", b"GIF89a......"),
        )
    with scopes_disabled():
        assert not assignment.notes.exists()
    folder = settings.MEDIA_ROOT / "field-media"
    assert not folder.exists() or not any(folder.rglob("*.*"))


# --- earnings ------------------------------------------------------------------------------------


def test_earnings_by_week_and_month_sum_hours_times_officer_pay_plat_money_1():
    """PLAT-MONEY-1."""
    first = claimed("Tuesday")  # Tue Mar 9 2027, 8 h at $37.00
    claimed(
        "Thursday",
        shifts=((local(2027, 3, 11, 18), local(2027, 3, 11, 22, 30), 1),),
        tier="3",
    )  # 4.5 h at $46.33 = 208.485 -> $208.49
    claimed("Next week", shifts=((local(2027, 3, 16, 8), local(2027, 3, 16, 12), 1),))
    with scopes_disabled():
        attendance.check_in(first, actor=user("officer1@nopd.demo"), at=START)
        attendance.check_out(
            first, actor=user("officer1@nopd.demo"), at=START + timedelta(hours=7, minutes=20)
        )
        me = officer(1)
        weeks = earnings.earnings(me, period="week", now=local(2027, 3, 12, 9))
        months = earnings.earnings(me, period="month", now=local(2027, 3, 12, 9))
    # the current week (Mar 8-14) and the next (Mar 15-21), newest first
    assert [w.label for w in weeks] == ["Week of Mar 15-21", "Week of Mar 8-14"]
    this_week = weeks[1]
    assert [str(line.amount) for line in this_week.lines] == ["271.21", "208.49"]
    assert this_week.lines[0].worked and not this_week.lines[1].worked
    assert (str(this_week.hours), str(this_week.amount)) == ("11.83", "479.70")
    assert str(weeks[0].amount) == "148.00"
    assert [(m.label, str(m.amount)) for m in months] == [("March 2027", "627.70")]


# --- invitations and profile ---------------------------------------------------------------------


def test_invite_officer_creates_the_account_and_mails_a_set_password_link(
    django_capture_on_commit_callbacks,
):
    coordinator = user("coordinator@nopd.demo")
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        form = InviteOfficerForm(
            {
                "email": "New.Officer@NOPD.demo",
                "full_name": "Dana Reyes",
                "rank": "sergeant",
                "badge_number": "S-7781",
                "seniority_date": "2012-04-02",
                "specialties": "Canine, mounted",
            },
            ranks=[("officer", "Police Officer"), ("sergeant", "Sergeant")],
        )
        assert form.is_valid(), form.errors
        new = invite_officer(
            form.invitation(), actor=coordinator, base_url="https://detailhire.example/"
        )
    assert (new.rank, new.badge_number, new.specialties) == (
        "sergeant",
        "S-7781",
        ["canine", "mounted"],
    )
    assert new.user.email == "new.officer@nopd.demo"
    assert not new.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["new.officer@nopd.demo"]
    assert "invites you" in message.subject
    assert "Sergeant, badge S-7781" in message.body
    assert "https://detailhire.example/accounts/password/reset/key/" in message.body


def test_invite_refusals_name_the_field():
    coordinator = user("coordinator@nopd.demo")
    good = {
        "email": "x@nopd.demo",
        "full_name": "X Person",
        "rank": "officer",
        "badge_number": "X-1",
        "seniority_date": date(2020, 1, 1),
    }
    assert split_specialties(" Canine,canine, ,Mounted ") == ("canine", "mounted")
    cases = [
        ({"email": "not-an-email"}, "email"),
        ({"rank": "general"}, "rank"),
        ({"badge_number": officer(1).badge_number}, "badge_number"),
        ({"seniority_date": date(2100, 1, 1)}, "seniority_date"),
        ({"full_name": " "}, "full_name"),
    ]
    with scopes_disabled():
        for change, field in cases:
            with pytest.raises(DomainError) as error:
                invite_officer(OfficerInvitation(**{**good, **change}), actor=coordinator)
            assert error.value.field == field, change
        with pytest.raises(PermissionDenied):
            invite_officer(OfficerInvitation(**good), actor=user("officer1@nopd.demo"))
        assert not Officer.objects.filter(badge_number="X-1").exists()


def test_inviting_a_registered_address_creates_nothing_and_tells_its_holder(
    django_capture_on_commit_callbacks,
):
    """The inviter gets the same answer either way (the form never reveals who is registered);
    the account holder is told by email."""
    invitation = OfficerInvitation(
        email="officer1@nopd.demo",
        full_name="Someone Else",
        rank="officer",
        badge_number="X-2",
        seniority_date=date(2020, 1, 1),
    )
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        assert invite_officer(invitation, actor=user("coordinator@nopd.demo")) is None
        assert not Officer.objects.filter(badge_number="X-2").exists()
    (message,) = mail.outbox
    assert message.to == ["officer1@nopd.demo"]
    assert "You already have an account with it, so nothing was changed." in message.body


def test_the_officer_edits_only_their_own_phone():
    me = officer(1)
    with scopes_disabled():
        update_phone(me, actor=me.user, phone="(504) 555-0101")
        assert Officer.objects.get(pk=me.pk).phone == "(504) 555-0101"
        with pytest.raises(DomainError, match="Phone: give a number"):
            update_phone(me, actor=me.user, phone="12")
        with pytest.raises(PermissionDenied):
            update_phone(me, actor=user("officer2@nopd.demo"), phone="5045550102")


def test_png_helper_is_a_real_png():
    data = png_bytes()
    assert notes.sniff(data) is notes.PNG and io.BytesIO(data).read(8) == b"\x89PNG\r\n\x1a\n"
    assert Assignment  # imported for the fixtures' models


def test_late_or_missing_is_filtered_and_paged_in_sql():
    """One query returns only the problems of the page asked for (and one more when there is a
    next page): on-time check-ins never leave the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    late, missing = _on_time_late_and_missing()
    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        now = START + timedelta(hours=1)
        with CaptureQueriesContext(connection) as queries:
            first = attendance.late_or_missing(agency, now, page=1, size=1)
        second = attendance.late_or_missing(agency, now, page=2, size=1)
        third = attendance.late_or_missing(agency, now, page=3, size=1)
    assert len(queries) == 1 and "LIMIT 2" in queries[0]["sql"]
    assert [(p.assignment.pk, p.kind) for p in first] == [
        (missing.pk, "missing"),
        (late.pk, "late"),
    ]
    assert [p.assignment.pk for p in second] == [late.pk]
    assert third == []

"""Attendance rules (PLAT-ATTEND-1), the officer's phone number and how field media are served
(as attachments unless they are images re-encoded on upload)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.errors import ConflictError, DomainError, PermissionDenied
from detailhire.phones import clean_phone
from officers.models import Assignment, FieldMedia, Officer
from officers.services import attendance, notes
from officers.services.invitations import update_phone
from tests.officer_pages.helpers import PDF_BYTES, claimed, client_for, png_bytes
from tests.officers.helpers import local, officer, user

pytestmark = pytest.mark.usefixtures("demo")


def page_of(response) -> str:
    return response.content.decode()


START = local(2027, 3, 9, 8)


def _checked_in(assignment, at=START - timedelta(minutes=5)):
    attendance.check_in(assignment, actor=user("officer1@nopd.demo"), at=at)


def test_check_out_only_after_check_in_and_not_before_the_start_plat_attend_1():
    """PLAT-ATTEND-1: no check-out before the check-in, none before the shift's start."""
    assignment = claimed()
    me = user("officer1@nopd.demo")
    with scopes_disabled():
        with pytest.raises(ConflictError, match="Check in first"):
            attendance.check_out(assignment, actor=me, at=START + timedelta(hours=1))
        _checked_in(assignment, at=START - timedelta(minutes=30))
        with pytest.raises(ConflictError, match="has not started: you can check out from"):
            attendance.check_out(assignment, actor=me, at=START - timedelta(minutes=10))
        assert Assignment.objects.get(pk=assignment.pk).hours_worked is None
        attendance.check_out(assignment, actor=me, at=START)
        assert Assignment.objects.get(pk=assignment.pk).hours_worked == attendance.hours_between(
            START - timedelta(minutes=30), START
        )


def test_the_officer_undoes_a_check_out_within_minutes_only_plat_attend_1(settings):
    """PLAT-ATTEND-1: the officer's own undo works within the window (a setting), not after."""
    settings.DETAILHIRE_CHECK_OUT_UNDO_MINUTES = 10
    assignment = claimed()
    me = user("officer1@nopd.demo")
    out = START + timedelta(hours=1)
    with scopes_disabled():
        _checked_in(assignment)
        attendance.check_out(assignment, actor=me, at=out)
        with pytest.raises(PermissionDenied):
            attendance.undo_check_out(
                assignment, actor=user("officer2@nopd.demo"), at=out + timedelta(minutes=1)
            )
        attendance.undo_check_out(assignment, actor=me, at=out + timedelta(minutes=9))
        held = Assignment.objects.get(pk=assignment.pk)
        assert (held.checked_out_at, held.hours_worked) == (None, None)
        attendance.check_out(assignment, actor=me, at=out + timedelta(hours=1))
        with pytest.raises(ConflictError, match="within 10 minutes; ask your coordinator"):
            attendance.undo_check_out(assignment, actor=me, at=out + timedelta(hours=1, minutes=11))
        assert Assignment.objects.get(pk=assignment.pk).checked_out_at is not None
        entry = AuditEvent.objects.filter(
            event_type="assignment.check_out_undone", object_id=assignment.pk
        ).get()
    assert entry.actor_id == me.pk


def test_later_only_a_coordinator_undoes_it_with_a_reason_audited_plat_attend_1():
    """PLAT-ATTEND-1: after the window, a coordinator of the agency, with a reason, audited."""
    assignment = claimed()
    me = user("officer1@nopd.demo")
    coordinator = user("coordinator@nopd.demo")
    out = START + timedelta(hours=2)
    later = out + timedelta(days=1)
    with scopes_disabled():
        _checked_in(assignment)
        attendance.check_out(assignment, actor=me, at=out)
        with pytest.raises(DomainError) as no_reason:
            attendance.undo_check_out(assignment, actor=coordinator, at=later)
        assert no_reason.value.field == "reason"
        with pytest.raises(PermissionDenied):
            attendance.undo_check_out(
                assignment, actor=user("coordinator@asheville.demo"), reason="x", at=later
            )
        attendance.undo_check_out(
            assignment, actor=coordinator, reason="Tapped check-out by mistake", at=later
        )
        assert Assignment.objects.get(pk=assignment.pk).checked_out_at is None
        entry = AuditEvent.objects.get(
            event_type="assignment.check_out_undone", object_id=assignment.pk
        )
    assert entry.actor_id == coordinator.pk
    assert entry.data["reason"] == "Tapped check-out by mistake"


def test_the_pages_offer_the_undo_to_the_officer_then_to_coordinators_plat_attend_1(
    settings, time_machine
):
    """PLAT-ATTEND-1 through the pages: the officer's button within the window; the coordinator's
    form on the staff attendance page, with a reason."""
    settings.DETAILHIRE_CHECK_OUT_UNDO_MINUTES = 10
    assignment = claimed()
    time_machine.move_to(START + timedelta(minutes=1), tick=False)
    client = client_for("officer1@nopd.demo")  # logged in at the moved clock
    assert client.post(f"/officer/assignments/{assignment.pk}/check-in/").status_code == 302
    time_machine.move_to(START + timedelta(hours=3), tick=False)
    assert client.post(f"/officer/assignments/{assignment.pk}/check-out/").status_code == 302
    page = client.get(f"/officer/assignments/{assignment.pk}/").content.decode()
    assert "Undo check-out" in page
    assert client.post(f"/officer/assignments/{assignment.pk}/check-out/undo/").status_code == 302
    with scopes_disabled():
        assert Assignment.objects.get(pk=assignment.pk).checked_out_at is None
    assert client.post(f"/officer/assignments/{assignment.pk}/check-out/").status_code == 302
    time_machine.move_to(START + timedelta(hours=4), tick=False)
    page = client.get(f"/officer/assignments/{assignment.pk}/").content.decode()
    assert "Undo check-out" not in page
    staff = client_for("coordinator@nopd.demo")
    url = f"/staff/assignments/{assignment.pk}/check-out/undo/"
    assert url in staff.get("/staff/attendance/").content.decode()
    assert staff.post(url, {"reason": "Left the site at 2 PM"}).status_code == 302
    with scopes_disabled():
        assert Assignment.objects.get(pk=assignment.pk).checked_out_at is None
    assert client.post(url, {"reason": "me"}).status_code == 403


def test_an_officers_phone_is_a_plausible_number_and_never_markup():
    for good in ("(504) 555-0166", "504.555.0166", "+1 504 555 0166", "+44 20 7946 0958"):
        assert clean_phone(good) == good
    assert clean_phone("504-555-0166 ext. 12") == "504-555-0166 ext. 12"
    for bad in (
        "<script>alert(1)</script>",
        "5555555",
        "1234567",
        "(504) 155-0166",
        "12",
        "555-0166<b>",
        "+0 12 3456 789",
    ):
        with pytest.raises(DomainError) as refused:
            clean_phone(bad)
        assert refused.value.field == "phone" and refused.value.args[0].startswith("Phone: ")
    me = officer(1)
    with scopes_disabled():
        with pytest.raises(DomainError):
            update_phone(me, actor=me.user, phone="<script>")
        assert Officer.objects.get(pk=me.pk).phone != "<script>"
    client = client_for("officer1@nopd.demo")
    response = client.post("/officer/profile/", {"phone": "1234567"})
    assert response.status_code == 400
    assert "Phone: give a number like" in response.content.decode()


def _media_of(assignment, name, content):
    client = client_for("officer1@nopd.demo")
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        f"/officer/assignments/{assignment.pk}/notes/", {"text": name, "file": upload}
    )
    assert response.status_code == 302, response.content[:500]
    with scopes_disabled():
        return FieldMedia.objects.filter(note__assignment=assignment).latest("pk"), client


def test_a_pdf_is_always_an_attachment_and_images_are_re_encoded():
    """A file starting with %PDF- is never served inline, whatever follows; an image is stored
    re-encoded (its trailing bytes dropped) and only then served inline."""
    assignment = claimed()
    polyglot = PDF_BYTES + b"<html><script>alert(1)</script></html>"
    media, client = _media_of(assignment, "scan.pdf", polyglot)
    served = client.get(f"/field-media/{media.pk}/")
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"

    tailed = png_bytes() + b"%PDF-1.4 <html><script>alert(1)</script>"
    media, client = _media_of(assignment, "gate.png", tailed)
    stored = notes.path_of(media).read_bytes()
    assert media.reencoded and b"<script>" not in stored and b"%PDF" not in stored
    served = client.get(f"/field-media/{media.pk}/")
    assert served["Content-Disposition"].startswith("inline;")


def test_an_image_not_re_encoded_is_served_as_an_attachment():
    """Uploads stored before re-encoding (or any file not re-encoded) download."""
    assignment = claimed()
    media, client = _media_of(assignment, "gate.png", png_bytes())
    with scopes_disabled():
        FieldMedia.objects.filter(pk=media.pk).update(reencoded=False)
    served = client.get(f"/field-media/{media.pk}/")
    assert served["Content-Disposition"].startswith("attachment;")


def test_a_broken_image_is_refused_with_the_file_named():
    assignment = claimed()
    client = client_for("officer1@nopd.demo")
    broken = SimpleUploadedFile("gate.png", png_bytes()[:30])
    response = client.post(
        f"/officer/assignments/{assignment.pk}/notes/", {"text": "x", "file": broken}
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"starts_to": "9999-12-31"},
        {"starts_from": "0001-01-01"},
        {"starts_from": "2027-03-01\x00"},
        {"job_type": "hourly\x00"},
        {"min_pay": "1" + "0" * 24},
        {"min_pay": "NaN"},
        {"offset": str(2**64)},
        {"offset": "-5"},
    ],
)
def test_bad_board_filters_on_the_page_never_answer_500_plat_limit_1(params):
    """PLAT-LIMIT-1: the board page shows the form's message (or ignores a bad offset)."""
    response = client_for("officer1@nopd.demo").get("/officer/board/", params)
    assert response.status_code == 200
    if "offset" not in params:  # the field's error line (templates/_error.html) says why
        line = r'<p class="field-error"[^>]*id="id_\w+_error">[^<]+</p>'
        assert re.search(line, page_of(response))


def test_the_board_page_names_the_date_limits_plat_limit_1():
    """PLAT-LIMIT-1."""
    page = client_for("officer1@nopd.demo").get("/officer/board/", {"starts_to": "9999-12-31"})
    assert "To: pick a date between 2000-01-01 and " in page.content.decode()

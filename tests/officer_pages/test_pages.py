"""The officer pages, used as an officer, a coordinator and a customer would: every page renders
for its role and refuses the others, foreign objects are 404, refusals show the service's
sentence, uploads are checked and served only to the job's people, the iCal feed parses."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from jobs.models import Position
from officers.models import Assignment, FieldMedia, IcalFeed, Officer
from tests.officer_pages.helpers import PDF_BYTES, claimed, client_for, pixels, png_bytes
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")

START = local(2027, 3, 9, 8)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client, url, data=None):
    return client.post(url, data or {}, follow=True)


# --- job board and claim -------------------------------------------------------------------------


def test_the_board_shows_eligible_positions_with_the_officers_pay_nopd_tier_1():
    """NOPD-TIER-1."""
    book(
        "Warehouse gate",
        shifts=((START, START + timedelta(hours=8), 5),),
        post_orders="Keep the loading dock clear. Check every truck's paperwork at the gate.",
    )
    page = client_for("officer1@nopd.demo").get("/officer/board/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<li class="job-card') == 5  # the supervisor position is a sergeant's
    assert "Warehouse gate" in html and "Tue Mar 9, 8:00 AM-4:00 PM CST" in html
    assert "$37.00" in html and "$45.00" not in html  # officer pay, never the customer price
    assert "Tier 2+" in html and "Shift pay $296.00" in html
    assert "Keep the loading dock clear." in html
    sergeant = client_for("officer9@nopd.demo").get("/officer/board/").content.decode()
    assert "Supervisor" in sergeant


def test_the_board_filters_by_date_pay_and_job_type():
    book("March", shifts=((START, START + timedelta(hours=8), 1),))
    book("April", shifts=((local(2027, 4, 6, 8), local(2027, 4, 6, 16), 1),), tier="4")
    client = client_for("officer1@nopd.demo")

    def titles(**params):
        html = client.get("/officer/board/", params).content.decode()
        return [t for t in ("March", "April") if f">{t}</h2>" in html]

    assert titles() == ["March", "April"]
    assert titles(starts_from="2027-04-01") == ["April"]
    assert titles(starts_to="2027-03-09") == ["March"]
    assert titles(min_pay="50") == ["April"]
    assert titles(job_type="motorcycle_escort") == []
    bad = client.get("/officer/board/", {"starts_from": "2027-04-02", "starts_to": "2027-04-01"})
    assert "To: pick a date on or after the From date." in bad.content.decode()


def test_reserved_positions_show_first_to_preferred_officers_nopd_rel_1():
    """NOPD-REL-1."""
    book("Open to all", shifts=((START, START + timedelta(hours=4), 1),))
    regular = book("Regular customer", shifts=((local(2027, 3, 20, 8), local(2027, 3, 20, 12), 1),))
    with scopes_disabled():  # as the booking does for officers who worked the customer's jobs
        regular.preferred_officers.add(officer(2))
        Position.objects.filter(shift__job=regular).update(
            preferred_until=timezone.now() + timedelta(hours=48)
        )
    preferred = client_for("officer2@nopd.demo").get("/officer/board/").content.decode()
    assert preferred.index("Regular customer") < preferred.index("Open to all")
    assert "Held for you until" in preferred
    others = client_for("officer1@nopd.demo").get("/officer/board/").content.decode()
    assert "Regular customer" not in others and "Open to all" in others


def test_claim_from_the_board_then_taken_overlap_and_cap_sentences_plat_claim_1():
    """PLAT-CLAIM-1."""
    (gate,) = positions(book("Warehouse gate"))
    first = client_for("officer1@nopd.demo")
    response = first.post(f"/officer/board/{gate.pk}/claim/")
    first.get("/officer/board/")  # shows (and so consumes) the "Claimed." message
    with scopes_disabled():
        assignment = Assignment.objects.get(position=gate)
    assert response.status_code == 302
    assert response["Location"] == f"/officer/assignments/{assignment.pk}/"

    taken = follow(client_for("officer2@nopd.demo"), f"/officer/board/{gate.pk}/claim/")
    assert "This position has just been taken by another officer." in messages_of(taken)

    (parade,) = positions(book("Parade", ((local(2027, 3, 9, 12), local(2027, 3, 9, 18), 1),)))
    overlap = follow(first, f"/officer/board/{parade.pk}/claim/")
    assert messages_of(overlap) == [
        "This overlaps your 8:00 AM-4:00 PM detail on Tue Mar 9 at Warehouse gate."
    ]
    (night,) = positions(book("Night", ((local(2027, 3, 9, 17), local(2027, 3, 10, 2), 1),)))
    cap = follow(first, f"/officer/board/{night.pk}/claim/")
    assert messages_of(cap) == ["This would make 17 h in 24 h; the limit is 16."]  # NOPD-CAP-1


def test_another_agencys_position_is_404_and_customers_get_403():
    (gate,) = positions(book("Warehouse gate"))
    assert (
        client_for("officer1@asheville.demo").post(f"/officer/board/{gate.pk}/claim/").status_code
        == 404
    )
    assert client_for("customer@acme.demo").get("/officer/board/").status_code == 403
    assert client_for("coordinator@nopd.demo").get("/officer/schedule/").status_code == 403
    anonymous = client_for("officer1@nopd.demo")
    anonymous.logout()
    assert anonymous.get("/officer/board/")["Location"].startswith("/accounts/login/")


# --- schedule, withdraw, iCal --------------------------------------------------------------------


def test_schedule_lists_upcoming_and_past_with_withdraw_until_the_cutoff():
    claimed("Warehouse gate", post_orders="Gate 3.")
    claimed("Soon", shifts=((local(2026, 12, 1, 8), local(2026, 12, 1, 12), 1),))
    client = client_for("officer1@nopd.demo")
    with time_machine.travel(local(2026, 11, 30, 12), tick=False):
        html = client.get("/officer/schedule/").content.decode()
    assert "Warehouse gate" in html and "Soon" in html
    assert html.count(">Withdraw</button>") == 1  # "Soon" is inside the 24 h cut-off
    assert "Withdrawal closed: call your coordinator." in html
    assert "/officer/ical/" in html and "Earnings" in html
    with time_machine.travel(local(2026, 12, 5, 12), tick=False):
        later = client.get("/officer/schedule/?period=month").content.decode()
    assert "Past details" in later and "no check-out" in later and "December 2026" in later


def test_withdraw_from_the_page_reopens_the_position():
    assignment = claimed()
    client = client_for("officer1@nopd.demo")
    response = client.post(f"/officer/assignments/{assignment.pk}/withdraw/")
    assert response.status_code == 302 and response["Location"] == "/officer/schedule/"
    with scopes_disabled():
        assignment.refresh_from_db()
        assert assignment.state == "withdrawn"
        assert assignment.position.status == "open"


def test_ical_feed_parses_with_one_event_per_active_assignment_and_revokes():
    assignment = claimed("Warehouse gate", post_orders="Keep the dock clear.")
    claimed("Thursday", shifts=((local(2027, 3, 11, 18), local(2027, 3, 11, 22), 1),))
    gone = claimed("Gone", shifts=((local(2027, 3, 12, 8), local(2027, 3, 12, 12), 1),))
    client = client_for("officer1@nopd.demo")
    client.post(f"/officer/assignments/{gone.pk}/withdraw/")
    client.get("/officer/schedule/")
    with scopes_disabled():
        token = IcalFeed.objects.get(officer=officer(1)).token
    assert len(token) >= 43
    anonymous = client_for("officer1@nopd.demo")
    anonymous.logout()  # calendar apps do not log in
    response = anonymous.get(f"/officer/ical/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Detail: Warehouse gate", "Detail: Thursday"]
    first = events[0]
    assert str(first["UID"]).startswith(f"assignment-{assignment.pk}@")
    assert first.decoded("DTSTART") == START.astimezone(UTC)
    assert first.decoded("DTSTART").tzinfo is not None and first["DTSTART"].to_ical().endswith(b"Z")
    assert first.decoded("DTEND") == (START + timedelta(hours=8)).astimezone(UTC)
    assert str(first["LOCATION"]) == "1200 Poydras St, New Orleans"
    assert "Keep the dock clear." in str(first["DESCRIPTION"])
    assert "$37.00" in str(first["DESCRIPTION"])

    client.post("/officer/schedule/calendar/new/")
    assert anonymous.get(f"/officer/ical/{token}.ics").status_code == 404
    with scopes_disabled():
        fresh = IcalFeed.objects.get(officer=officer(1)).token
    assert fresh != token and anonymous.get(f"/officer/ical/{fresh}.ics").status_code == 200
    assert anonymous.get("/officer/ical/not-a-real-token.ics").status_code == 404


# --- attendance ----------------------------------------------------------------------------------


def test_check_in_and_out_from_the_assignment_page():
    assignment = claimed()
    url = f"/officer/assignments/{assignment.pk}/"
    with time_machine.travel(START - timedelta(hours=2), tick=False):
        client = client_for("officer1@nopd.demo")  # a session of that day
        early = client.get(url).content.decode()
        assert "Check-in opens Tue Mar 9, 7:00 AM CST" in early
        refused = follow(client, url + "check-in/")
        assert messages_of(refused)[0].startswith("Too early: you can check in from 1 hour")
    with time_machine.travel(START - timedelta(minutes=5), tick=False):
        done = follow(client, url + "check-in/", {"location": "29.95107,-90.07153"})
        assert messages_of(done) == ["Checked in."]
        assert ">Check out</button>" in done.content.decode()
    with time_machine.travel(START + timedelta(hours=8, minutes=25), tick=False):
        out = follow(client, url + "check-out/")
    html = out.content.decode()
    assert "8.50 h" in html and "Tue Mar 9, 7:55 AM CST" in html
    with scopes_disabled():
        assignment.refresh_from_db()
    assert str(assignment.hours_worked) == "8.50"
    assert assignment.check_in_location == "29.95107,-90.07153"


def test_another_officers_assignment_is_404():
    assignment = claimed()
    for email in ("officer2@nopd.demo", "officer1@asheville.demo"):
        client = client_for(email)
        base = f"/officer/assignments/{assignment.pk}/"
        assert client.get(base).status_code == 404
        for action in ("check-in/", "check-out/", "withdraw/", "notes/"):
            assert client.post(base + action).status_code == 404, (email, action)


def test_staff_see_late_and_missing_check_ins():
    claimed("Missing detail")
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        html = client_for("coordinator@nopd.demo").get("/staff/attendance/").content.decode()
    assert "Not checked in · 30 min since the start" in html
    assert "Missing detail" in html
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        other = client_for("coordinator@asheville.demo").get("/staff/attendance/").content.decode()
    assert "Missing detail" not in other and "All clear" in other
    assert client_for("officer1@nopd.demo").get("/staff/attendance/").status_code == 403


# --- field notes and media -----------------------------------------------------------------------


def note_url(assignment) -> str:
    return f"/officer/assignments/{assignment.pk}/notes/"


def test_bad_uploads_are_refused_with_a_message_naming_the_field():
    assignment = claimed()
    client = client_for("officer1@nopd.demo")
    fake = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post(note_url(assignment), {"text": "x", "file": fake})
    assert response.status_code == 400
    assert "File: this is not a JPEG, PNG or WebP photo, or a PDF" in response.content.decode()
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(note_url(assignment), {"text": "x", "file": big})
    assert response.status_code == 400
    assert "File: 10.0 MB is too big; the limit is 10 MB." in response.content.decode()
    empty = client.post(note_url(assignment), {"text": ""})
    assert "Note: write a note or attach a file." in empty.content.decode()
    with scopes_disabled():
        assert not assignment.notes.exists()


def test_a_note_with_a_photo_is_served_only_to_the_jobs_people_odm_portal_1():
    """ODM-PORTAL-1."""
    assignment = claimed()
    client = client_for("officer1@nopd.demo")
    photo = SimpleUploadedFile("gate.png", png_bytes(), content_type="image/png")
    response = client.post(note_url(assignment), {"text": "Gate open at 7:55.", "file": photo})
    assert response.status_code == 302
    with scopes_disabled():
        media = FieldMedia.objects.get(note__assignment=assignment)
    url = f"/field-media/{media.pk}/"
    page = client.get(f"/officer/assignments/{assignment.pk}/").content.decode()
    assert "Gate open at 7:55." in page and f'src="{url}"' in page
    for email in ("officer1@nopd.demo", "customer@acme.demo", "coordinator@nopd.demo"):
        served = client_for(email).get(url)
        assert served.status_code == 200, email
        assert served["Content-Type"] == "image/png"
        assert served["Content-Disposition"] == 'inline; filename="gate.png"'
        assert pixels(b"".join(served.streaming_content)) == pixels(png_bytes())
    for email in (
        "officer2@nopd.demo",  # same agency, not on the job
        "customer@bistro.demo",  # another organization
        "officer1@asheville.demo",
        "coordinator@asheville.demo",
    ):
        assert client_for(email).get(url).status_code == 404, email
    anonymous = client_for("officer1@nopd.demo")
    anonymous.logout()
    assert anonymous.get(url).status_code == 302
    assert "/media/" not in page  # never a public MEDIA_URL


def test_the_customer_job_page_includes_render_notes_and_attendance():
    from django.template import Context, Template

    assignment = claimed()
    client = client_for("officer1@nopd.demo")
    client.post(
        note_url(assignment),
        {"text": "All quiet.", "file": SimpleUploadedFile("s.pdf", PDF_BYTES)},
    )
    from detailhire.tenancy import user_scope

    with user_scope(user("customer@acme.demo")):
        job = assignment.position.shift.job
        html = Template(
            "{% load officer_pages %}{% job_attendance job %}{% job_field_notes job %}"
        ).render(Context({"job": job}))
    assert "Officer attendance" in html and officer(1).user.display_name in html
    assert "Not checked in" in html
    assert "All quiet." in html and "s.pdf" in html


# --- profile and staff ---------------------------------------------------------------------------


def test_profile_shows_the_record_and_saves_the_phone():
    client = client_for("officer6@nopd.demo")
    html = client.get("/officer/profile/").content.decode()
    assert "Police Officer" in html and officer(6).badge_number in html and "motorcycle" in html
    saved = client.post("/officer/profile/", {"phone": "(504) 555-0166"})
    assert saved.status_code == 302
    with scopes_disabled():
        assert officer(6).phone == "(504) 555-0166"
    bad = client.post("/officer/profile/", {"phone": "12"})
    assert bad.status_code == 400 and "Phone: give a number" in bad.content.decode()


def test_staff_invite_an_officer_from_the_officers_page(django_capture_on_commit_callbacks):
    client = client_for("admin@nopd.demo")
    page = client.get("/staff/officers/")
    assert page.status_code == 200 and officer(12).badge_number in page.content.decode()
    data = {
        "full_name": "Dana Reyes",
        "email": "dana@nopd.demo",
        "rank": "sergeant",
        "badge_number": "S-7781",
        "seniority_date": "2012-04-02",
        "specialties": "canine",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/officers/", data)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["dana@nopd.demo"]
    assert "http://testserver/accounts/password/reset/key/" in message.body
    # an address with an account: the same answer (the form never reveals who is registered);
    # its holder is told, nothing is created
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/staff/officers/", {**data, "badge_number": "S-7782"}, follow=True)
    assert again.status_code == 200
    assert "Invitation sent to dana@nopd.demo." in again.content.decode()
    assert "already has an account" not in again.content.decode()
    first, second = mail.outbox
    assert second.to == ["dana@nopd.demo"] and "already have an account" in second.body
    with scopes_disabled():
        assert not Officer.objects.filter(badge_number="S-7782").exists()
    assert client_for("officer1@nopd.demo").get("/staff/officers/").status_code == 403
    assert client_for("customer@acme.demo").post("/staff/officers/", data).status_code == 403
    asheville = client_for("coordinator@asheville.demo").get("/staff/officers/").content.decode()
    assert "Dana Reyes" not in asheville

"""Regular duty from the calendar an agency's scheduling system publishes (PLAT-DUTY-1): fetched
from a real HTTP server on this machine, read as iCal (TZID, UTC and floating times, repeating
events), previewed (added, removed, changed per officer), applied, and counted by claims; every
failure said in words, nothing changed."""

from __future__ import annotations

import threading
import time as clock
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.errors import ConflictError, DomainError
from officers.models import DutyShift
from officers.services import duty_feed
from officers.services.claims import claim_position
from officers.services.duty_ical import read_duty_ical
from tests.fixtures import browser_client
from tests.officers.helpers import book, local, officer, positions

TODAY = date(2027, 3, 1)
ZONE = "America/Chicago"


class Calendars(ThreadingHTTPServer):
    """A calendar server on 127.0.0.1: ``routes[path] = (status, body, headers, delay)``."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, tuple[int, bytes, dict, float]] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def serve(self, path: str, body: str | bytes, status: int = 200, delay: float = 0, **headers):
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = (status, data, headers, delay)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        status, body, headers, delay = self.server.routes.get(self.path, (404, b"", {}, 0))
        if delay:
            clock.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def calendars(settings):
    settings.DUTY_FEED_ALLOW_PRIVATE = True
    server = Calendars()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def vcalendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Scheduler//EN\r\n{body}END:VCALENDAR\r\n"


def event(uid: str, start: str, end: str, who: str, extra: str = "") -> str:
    lines = [f"UID:{uid}", f"DTSTART{start}", f"DTEND{end}", f"SUMMARY:{who}"]
    return "\r\n".join(lines + ([extra] if extra else []))


def schedule(badge: str) -> str:
    """7:00-15:00 on Mar 9 (TZID) and 23:00-7:00 Mar 10-11 (UTC), New Orleans time."""
    return vcalendar(
        event(
            "d1",
            ";TZID=America/Chicago:20270309T070000",
            ";TZID=America/Chicago:20270309T150000",
            f"{badge} Day watch",
        ),
        event("n1", ":20270311T050000Z", ":20270311T130000Z", f"{badge} Night watch"),
    )


def preview(client, url: str):
    return client.post(reverse("officers:staff-duty-feed"), {"url": url})


def confirm(client, response):
    form = response.context["feed_confirm"]
    return client.post(
        reverse("officers:staff-duty-feed"),
        {"url": form.initial["url"], "digest": form.initial["digest"], "confirm": "1"},
    )


# --- reading iCal ---------------------------------------------------------------------------------


def test_reads_tzid_utc_floating_and_attendee_forms_plat_duty_1():
    text = vcalendar(
        event(
            "a",
            ";TZID=America/Chicago:20270309T070000",
            ";TZID=America/Chicago:20270309T150000",
            "1234 Day",
        ),
        event(
            "b",
            ":20270310T130000Z",
            ":20270310T210000Z",
            "Patrol",
            "ATTENDEE;CN=Jane Roe:mailto:Jane.Roe@NOPD.demo",
        ),
        event("c", ":20270311T070000", ":20270311T150000", "#1234, Day"),
        "UID:d\r\nDTSTART;VALUE=DATE:20270312\r\nDTEND;VALUE=DATE:20270313\r\nSUMMARY:1234 Off",
        event("e", ":20270313T070000", ":20270313T150000", "1234", "STATUS:CANCELLED"),
    )
    lines = read_duty_ical(text, ZONE, today=TODAY)
    assert [(line.badge, line.starts_at, line.ends_at) for line in lines] == [
        ("1234", local(2027, 3, 9, 7), local(2027, 3, 9, 15)),
        ("jane.roe@nopd.demo", local(2027, 3, 10, 7), local(2027, 3, 10, 15)),
        ("1234", local(2027, 3, 11, 7), local(2027, 3, 11, 15)),  # floating: agency time
    ]
    assert lines[0].where == "Event 1 (UID a)"


def test_a_repeating_shift_gives_each_occurrence_but_exceptions_plat_duty_1():
    text = vcalendar(
        event(
            "r",
            ";TZID=America/Chicago:20270308T070000",
            ";TZID=America/Chicago:20270308T150000",
            "1234",
            "RRULE:FREQ=DAILY;COUNT=5\r\nEXDATE;TZID=America/Chicago:20270310T070000",
        ),
        event(
            "r",
            ";TZID=America/Chicago:20270311T090000",
            ";TZID=America/Chicago:20270311T170000",
            "1234",
            "RECURRENCE-ID;TZID=America/Chicago:20270311T070000",
        ),
    )
    starts = sorted(line.starts_at for line in read_duty_ical(text, ZONE, today=TODAY))
    assert starts == [
        local(2027, 3, 8, 7),
        local(2027, 3, 9, 7),
        local(2027, 3, 11, 9),  # moved by its own event
        local(2027, 3, 12, 7),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not a calendar", "This is not an iCal calendar"),
        (
            vcalendar(event("x", ":2027xx", ":20270309T150000", "1234")),
            "Event 1 (UID x): its start",
        ),
        (
            vcalendar(event("x", ":20270309T150000", ":20270309T070000", "1234")),
            "ends before it starts",
        ),
        (
            vcalendar(event("x", ":20270309T070000", ":20270311T070000", "1234")),
            "more than 24 hours",
        ),
        (vcalendar(event("x", ":20270309T070000", ":20270309T150000", "")), "name the officer"),
        (
            vcalendar(
                event("x", ":20270309T070000", ":20270309T150000", "1", "RRULE:FREQ=MINUTELY")
            ),
            "repeats minutely",
        ),
        (vcalendar(event("x", ":20260109T070000", ":20260109T150000", "1")), "no shifts from the"),
    ],
)
def test_a_malformed_calendar_is_refused_naming_the_event_plat_limit_1(text, message):
    with pytest.raises(DomainError) as refused:
        read_duty_ical(text, ZONE, today=TODAY)
    assert message in str(refused.value)


# --- fetching, previewing, applying -------------------------------------------------------------


@pytest.mark.usefixtures("demo")
def test_a_calendar_import_is_previewed_applied_and_counted_by_claims_plat_duty_1(demo, calendars):
    """PLAT-DUTY-1: the calendar at an address is fetched, previewed (nothing saved), applied
    (audited with its address); a claim overlapping the imported shift is refused in words."""
    badge = officer(1).badge_number
    calendars.serve("/duty.ics", schedule(badge))
    client = browser_client(demo.admin("nopd"))
    shown = preview(client, calendars.url("/duty.ics"))
    assert shown.status_code == 200
    (change,) = shown.context["changes"]
    assert (change.added, change.removed, change.changed) == (2, 0, 0)

    assert b"Added: Tue Mar 9, 7:00 AM" in shown.content
    assert not DutyShift._base_manager.exists()
    applied = confirm(client, shown)
    assert applied.status_code == 302
    assert DutyShift._base_manager.filter(officer=officer(1)).count() == 2
    with scopes_disabled():
        event = AuditEvent.objects.get(event_type="duty.imported")
    assert event.data["source"] == calendars.url("/duty.ics")
    # the address is remembered: the page offers it for the next import
    page = client.get(reverse("officers:staff-duty"))
    assert page.context["feed_form"]["url"].value() == calendars.url("/duty.ics")
    assert b"Last imported from" in page.content

    gate = book("Warehouse gate", ((local(2027, 3, 9, 14), local(2027, 3, 9, 18), 1),))
    with pytest.raises(ConflictError) as refused:
        claim_position(positions(gate)[0].pk, actor=officer(1).user)
    assert str(refused.value) == "This overlaps your regular duty, 7:00 AM-3:00 PM on Tue Mar 9."


@pytest.mark.usefixtures("demo")
def test_reimporting_the_calendar_shows_the_changed_shift_plat_duty_1(demo, calendars):
    """PLAT-DUTY-1: importing again shows a moved shift as changed, by officer email too."""
    badge, email = officer(1).badge_number, officer(1).user.email
    calendars.serve("/duty.ics", schedule(badge))
    client = browser_client(demo.admin("nopd"))
    confirm(client, preview(client, calendars.url("/duty.ics")))
    moved = vcalendar(
        event(
            "d1",
            ";TZID=America/Chicago:20270309T080000",
            ";TZID=America/Chicago:20270309T160000",
            email.upper(),
        ),
        event("n1", ":20270311T050000Z", ":20270311T130000Z", badge),
    )
    calendars.serve("/duty.ics", moved)
    shown = preview(client, calendars.url("/duty.ics"))
    (change,) = shown.context["changes"]
    assert (change.added, change.removed, change.changed, change.kept) == (1, 1, 1, 1)
    assert b"Changed: Tue Mar 9, 7:00 AM" in shown.content
    confirm(client, shown)
    starts = sorted(d.starts_at for d in DutyShift._base_manager.filter(officer=officer(1)))
    assert starts == [local(2027, 3, 9, 8), local(2027, 3, 10, 23)]


@pytest.mark.usefixtures("demo")
def test_a_calendar_changed_since_the_preview_is_previewed_again_plat_duty_1(demo, calendars):
    badge = officer(1).badge_number
    calendars.serve("/duty.ics", schedule(badge))
    client = browser_client(demo.admin("nopd"))
    shown = preview(client, calendars.url("/duty.ics"))
    calendars.serve(
        "/duty.ics", vcalendar(event("z", ":20270320T120000Z", ":20270320T200000Z", badge))
    )
    again = confirm(client, shown)
    assert again.status_code == 200
    assert b"The calendar changed since the preview" in again.content
    assert not DutyShift._base_manager.exists()


@pytest.mark.usefixtures("demo")
def test_the_address_failing_is_said_in_words_and_nothing_changes_plat_limit_1(
    demo, calendars, monkeypatch
):
    """PLAT-LIMIT-1 and PLAT-DUTY-1: http(s) only, a timeout, a size limit, redirects bounded,
    the answer's status named; a malformed calendar or an unknown badge is named too."""
    monkeypatch.setattr(duty_feed, "TIMEOUT", 0.5)
    calendars.serve("/slow.ics", schedule("1"), delay=2)
    calendars.serve("/huge.ics", "x" * (duty_feed.MAX_BYTES + 10))
    calendars.serve("/loop.ics", "", status=302, Location="/loop.ics")
    calendars.serve("/broken.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nope\r\n")
    calendars.serve("/stranger.ics", schedule("99999"))
    client = browser_client(demo.admin("nopd"))
    cases = [
        ("ftp://example.org/duty.ics", b"Enter a valid URL"),
        (calendars.url("/missing.ics"), b"answered 404 Not Found"),
        (calendars.url("/slow.ics"), b"did not answer within 0.5 seconds"),
        (calendars.url("/huge.ics"), b"too large (at most 1 MB)"),
        (calendars.url("/loop.ics"), b"redirects more than 3 times"),
        (calendars.url("/broken.ics"), b"not an iCal calendar"),
        (calendars.url("/stranger.ics"), b"no officer of the agency has badge 99999"),
    ]
    for url, message in cases:
        response = preview(client, url)
        assert response.status_code == 400, url
        assert message in response.content, (url, message)
    assert not DutyShift._base_manager.exists()


def test_private_and_loopback_addresses_are_refused_unless_allowed(settings, calendars):
    """Outside tests the server does not fetch its own network for an admin."""
    settings.DUTY_FEED_ALLOW_PRIVATE = False
    calendars.serve("/duty.ics", schedule("1"))
    for url in (calendars.url("/duty.ics"), "http://10.0.0.1/duty.ics", "http://[::1]/x.ics"):
        with pytest.raises(DomainError) as refused:
            duty_feed.fetch_calendar(url)
        assert "private or local address" in str(refused.value)
    settings.DUTY_FEED_ALLOW_PRIVATE = True
    assert duty_feed.fetch_calendar(calendars.url("/duty.ics")).startswith("BEGIN:VCALENDAR")


@pytest.mark.usefixtures("demo")
def test_only_the_agency_admin_imports_a_calendar(demo, calendars):
    calendars.serve("/duty.ics", schedule(officer(1).badge_number))
    coordinator = browser_client(demo.coordinator("nopd"))
    response = coordinator.post(
        reverse("officers:staff-duty-feed"), {"url": calendars.url("/duty.ics")}
    )
    assert response.status_code == 403
    assert not DutyShift._base_manager.exists()

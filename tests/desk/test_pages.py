"""The coordinator's desk: the dashboard, the staff job page's actions, the agency log and the
reports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from accounts.homes import home_url
from audit.models import AuditEvent
from desk.models import OfficerFeedback
from detailhire.csvexport import safe_cell
from jobs.models import Job
from officers.models import Assignment
from tests.factories import user
from tests.fixtures import NOW, browser_client
from tests.officer_pages.helpers import claimed
from tests.officers.helpers import book, local, officer, positions

pytestmark = pytest.mark.usefixtures("demo")

COORDINATOR = "coordinator@nopd.demo"


def desk_client(email: str = COORDINATOR):
    return browser_client(user(email))


def test_staff_land_on_the_desk():
    assert home_url(user(COORDINATOR)) == "/staff/"
    response = desk_client().get("/staff/")
    assert response.status_code == 200
    assert "Needs attention now" in response.text
    assert 'aria-current="page">Desk' in response.text


def test_requests_awaiting_approval_lead_the_dashboard_short_notice_first(clock):
    later = book(
        "Far request",
        ((NOW + timedelta(days=20), NOW + timedelta(days=20, hours=4), 1),),
        approve=False,
    )
    soon = book(
        "Soon request", ((NOW + timedelta(hours=20), NOW + timedelta(hours=24), 1),), approve=False
    )
    text = desk_client().get("/staff/").text
    assert text.index("Request: Soon request") < text.index("Request: Far request")
    assert f'href="/jobs/{soon.pk}/#decide-title"' in text
    assert f'action="/jobs/{soon.pk}/approve/"' in text
    assert "short notice" in text
    assert later.pk != soon.pk


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add(n: int, first_day: int):
    for k in range(n):
        day = NOW + timedelta(days=first_day + k, hours=2)
        book(f"Job {first_day + k}", ((day, day + timedelta(hours=4), 2),), approve=k % 2 == 0)


def test_dashboard_queries_do_not_grow_with_the_jobs(clock):
    client = desk_client()
    _add(2, 0)
    small = _count(client, "/staff/")
    _add(12, 2)
    large = _count(client, "/staff/")
    assert small == large, (small, large)


def test_the_job_page_speaks_staff_words():
    job = book("Gate", approve=False)
    text = desk_client().get(f"/jobs/{job.pk}/").text
    assert "Waiting for your decision" in text
    assert "Your coordinator" not in text
    assert "Acme Events" in text
    assert "timeline-actor" in text


def test_coordinator_substitutes_an_officer_from_the_job_page_nopd_sub_1(clock):
    assignment = claimed("Substituted", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    new = officer(2)
    mail.outbox.clear()
    response = desk_client().post(
        f"/staff/assignments/{assignment.pk}/substitute/", {"officer": new.pk}
    )
    assert response.status_code == 302
    with scopes_disabled():
        old = Assignment.objects.get(pk=assignment.pk)
        assert old.state == Assignment.State.REPLACED
        assert Assignment.objects.filter(
            position=assignment.position, officer=new, state="active"
        ).exists()
        assert AuditEvent.objects.filter(event_type="assignment.substituted").exists()


def test_a_refused_substitution_says_why_and_changes_nothing_nopd_sub_1(clock):
    first = claimed("First", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    # officer 2 already holds a detail at the same time: the overlap refuses them
    claimed(
        "Other",
        email="officer2@nopd.demo",
        shifts=((local(2027, 3, 9, 9), local(2027, 3, 9, 12), 1),),
    )
    client = desk_client()
    response = client.post(
        f"/staff/assignments/{first.pk}/substitute/", {"officer": officer(2).pk}, follow=True
    )
    assert "Not substituted" in response.text
    with scopes_disabled():
        assert Assignment.objects.get(pk=first.pk).state == Assignment.State.ACTIVE


def test_coordinator_assigns_an_officer_to_an_open_position_nopd_sub_1(clock):
    job = book("Open gate")
    position = positions(job)[0]
    response = desk_client().post(
        f"/staff/jobs/{job.pk}/assign/", {"officer": officer(3).pk, "position": position.pk}
    )
    assert response.status_code == 302
    with scopes_disabled():
        held = Assignment.objects.get(position=position, state="active")
        assert held.officer == officer(3)
        assert Job.objects.get(pk=job.pk).status == Job.Status.FILLED
        assert AuditEvent.objects.filter(event_type="assignment.assigned", job=job).exists()


def test_the_job_page_lists_the_agencys_officers_once_however_many_positions(clock):
    """The assign and substitute actions share one officer list: the page does not grow with
    positions x officers (issue 14's scale acceptance)."""
    shifts = ((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 3),)
    job = book("Three posts", shifts=shifts)
    claimed_one = claimed("Held post", shifts=((local(2027, 3, 10, 8), local(2027, 3, 10, 16), 2),))
    client = desk_client()
    held_job = claimed_one.position.shift.job_id
    for job_id, buttons in ((job.pk, ">Assign</button>"), (held_job, None)):
        text = client.get(f"/jobs/{job_id}/").text
        assert text.count(f'<option value="{officer(3).pk}"') == 1
        assert text.count('name="officer"') == 1
        if buttons:
            assert text.count(buttons) == 3
            for position in positions(job):
                assert f'name="position" value="{position.pk}"' in text
    # the button's position, not a field of its own, says which post the officer takes
    position = positions(job)[1]
    form = {"officer": officer(3).pk, "position": position.pk}
    client.post(f"/staff/jobs/{job.pk}/assign/", form)
    with scopes_disabled():
        assert Assignment.objects.get(position=position, state="active").officer == officer(3)


def test_coordinator_records_customer_feedback_on_an_officer_nopd_survey_1(clock):
    assignment = claimed("Feedback")
    with scopes_disabled():
        Job.objects.filter(pk=assignment.position.shift.job_id).update(status="completed")
    client = desk_client()
    response = client.post(
        f"/staff/assignments/{assignment.pk}/feedback/",
        {"rating": "5", "comments": "Punctual and helpful."},
    )
    assert response.status_code == 302
    with scopes_disabled():
        feedback = OfficerFeedback.objects.get()
    assert feedback.rating == 5 and feedback.officer_id == assignment.officer_id
    page = client.get(f"/jobs/{assignment.position.shift.job_id}/").text
    assert "Punctual and helpful." in page
    bad = client.post(f"/staff/assignments/{assignment.pk}/feedback/", {"rating": "9"})
    assert bad.status_code == 302
    with scopes_disabled():
        assert OfficerFeedback.objects.count() == 1


def test_the_agency_log_filters_and_pages_plat_audit_1(clock, settings):
    job = book("Logged")
    book("Other logged")
    client = desk_client()
    text = client.get(f"/staff/log/?job={job.pk}").text
    assert "Logged" in text or f"#{job.pk}" in text
    with scopes_disabled():
        mine = AuditEvent.objects.filter(job=job).count()
    assert text.count(f'href="/jobs/{job.pk}/"') == mine
    assert client.get("/staff/log/?job=abc").status_code == 400
    assert client.get("/staff/log/?since=2027-01-02&until=2027-01-01").status_code == 400
    # the foreign agency's events never show
    asheville = book("Mountain gate", agency="asheville", customer="customer@acme.demo")
    assert f'href="/jobs/{asheville.pk}/"' not in client.get("/staff/log/").text


def test_a_date_far_ahead_on_the_log_and_reports_is_refused_in_words_plat_limit_1(clock):
    """PLAT-LIMIT-1: the last day of year 9999 once overflowed the log's day arithmetic (a 500)."""
    client = desk_client()
    for url in (
        "/staff/log/?until=9999-12-31",
        "/staff/reports/?since=2027-01-01&until=9999-12-31",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Give a date from 2000 to" in response.text


def test_the_agency_log_pages_by_keyset_plat_audit_1(clock, monkeypatch):
    from desk import views

    monkeypatch.setattr(views, "LOG_PAGE", 2)
    book("One")
    book("Two")
    book("Three")
    client = desk_client()
    first = client.get("/staff/log/")
    assert 'rel="next"' in first.text
    seen = []
    url = "/staff/log/"
    for _ in range(20):
        page = client.get(url)
        rows = [line for line in page.text.split("<tr>") if "<time>" in line]
        seen.extend(rows)
        marker = 'href="/staff/log/?after='
        if 'rel="next"' not in page.text:
            break
        start = page.text.index(marker) + len('href="')
        url = page.text[start : page.text.index('"', start)].replace("&amp;", "&")
    with scopes_disabled():
        total = AuditEvent.objects.filter(agency__slug="nopd").count()
    assert len(seen) == total


def test_reports_account_admin_fees_apart_from_officer_pay_nopd_fee_1(clock):
    job = book("Reported", shifts=((local(2027, 3, 24, 8), local(2027, 3, 24, 16), 1),))
    quote = job.quote
    client = desk_client()
    response = client.get("/staff/reports/?since=2027-03-01&until=2027-03-31")
    assert response.status_code == 200
    assert "Admin fees" in response.text
    csv_response = client.get(
        "/staff/reports/export.csv?report=money&since=2027-03-01&until=2027-03-31"
    )
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0] == ["Jobs", "Revenue", "Officer pay", "Admin fees", "Currency"]
    assert Decimal(rows[1][2]) == Decimal(quote["officer_pay"])
    assert Decimal(rows[1][3]) == Decimal(quote["admin_fee"])
    assert client.get("/staff/reports/?since=2027-04-01&until=2027-03-01").status_code == 400
    assert client.get("/staff/reports/export.csv?report=nothing").status_code == 404


def test_report_csv_cells_are_safe_from_spreadsheet_formulas(clock):
    from customers.models import CustomerOrganization

    with scopes_disabled():
        CustomerOrganization.objects.filter(name="Acme Events").update(name="=HYPERLINK(1)")
    book("Formula", shifts=((local(2027, 3, 24, 8), local(2027, 3, 24, 16), 1),))
    body = (
        desk_client()
        .get("/staff/reports/export.csv?report=customers&since=2027-03-01&until=2027-03-31")
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in body
    assert safe_cell("+1") == "'+1" and safe_cell(Decimal("-5.00")) == "-5.00"


def test_officers_and_customers_do_not_reach_the_desk():
    assert desk_client("officer1@nopd.demo").get("/staff/").status_code == 403
    assert desk_client("customer@acme.demo").get("/staff/log/").status_code == 403


def test_today_and_tomorrow_show_each_shift_with_its_officers_check_in_state(clock):
    soon = NOW + timedelta(hours=1)
    assignment = claimed("Tonight", shifts=((soon, soon + timedelta(hours=4), 2),))
    clock.move_to(soon + timedelta(minutes=20))
    text = desk_client().get("/staff/").text
    days = text[text.index("Today and tomorrow") :]
    assert "Tonight" in days
    assert f"{assignment.officer.user.display_name}: " in days
    assert "not checked in" in days
    assert "1 open" in days
    assert "Nobody checked in: Tonight" in text


def test_the_weekly_charts_cost_the_same_queries_at_any_size(clock, django_assert_num_queries):
    from desk.dashboard import weekly_figures

    agency = user(COORDINATOR).staff_memberships.get().agency
    _add(2, 0)
    with scopes_disabled(), django_assert_num_queries(4):
        small = weekly_figures(agency, NOW)
    _add(8, 2)
    with scopes_disabled(), django_assert_num_queries(4):
        weekly_figures(agency, NOW)
    assert len(small) == 8
    text = desk_client().get("/staff/").text
    assert text.count('<svg class="chart"') == 4
    assert "Fill rate by week" in text and '<th scope="col">Week of</th>' in text


def test_a_withdrawal_to_cover_shows_with_its_action(clock):
    from officers.services.claims import withdraw

    assignment = claimed("Covered gate")
    with scopes_disabled():
        withdraw(assignment, actor=user("officer1@nopd.demo"))
    text = desk_client().get("/staff/").text
    assert "Withdrawal to cover: Covered gate" in text
    assert "Assign a substitute" in text


def test_an_unpaid_invoice_near_its_deadline_shows_with_its_balance(clock):
    from billing.models import Invoice

    job = book("Invoiced gate")
    with scopes_disabled():
        agency = job.agency
        invoice = Invoice.objects.create(
            agency=agency,
            organization=job.organization,
            job=job,
            year=NOW.year,
            sequence=4242,
            number=f"NOPD-{NOW.year}-4242",
            issued_at=NOW - timedelta(days=10),
            due_at=NOW + timedelta(days=2),
            seller_name=agency.name,
            bill_to_name=job.organization.name,
            officer_pay=Decimal("80.00"),
            admin_fee=Decimal("20.00"),
            total=Decimal("100.00"),
        )
    text = desk_client().get("/staff/").text
    assert f"Unpaid invoice {invoice.number}" in text
    assert "$100.00 due" in text
    assert f'href="/invoices/{invoice.pk}/"' in text


def test_completed_jobs_awaiting_hours_approval_show_until_approved_plat_attend_1(clock):
    """PLAT-ATTEND-1: a completed job whose hours no coordinator approved yet is on the desk,
    one click from the hours page; once approved it leaves."""
    job = book("Finished gate")
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.COMPLETED,
            ends_at=NOW - timedelta(hours=1),
            starts_at=NOW - timedelta(hours=5),
        )
    text = desk_client().get("/staff/").text
    assert "Hours to approve: Finished gate" in text
    assert f'href="/jobs/{job.pk}/hours/"' in text
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(hours_approved_at=NOW)
    assert "Hours to approve: Finished gate" not in desk_client().get("/staff/").text


def test_reports_flag_officers_near_their_weekly_cap_nopd_cap_1(clock):
    for day in (8, 9, 10, 11):  # Mon-Thu, 8 hours each: 32 hours in one week
        claimed(f"Week day {day}", shifts=((local(2027, 3, day, 8), local(2027, 3, day, 16), 1),))
    text = desk_client().get("/staff/reports/?since=2027-03-01&until=2027-03-31").text
    hours = text[text.index("Hours per officer") : text.index("Fill rate and time to fill")]
    assert officer(1).user.display_name in hours
    assert "32.00" in hours
    assert "At the cap: 32 of 32 hours in a week" in hours


def test_reports_flag_officers_at_or_near_the_16_hours_in_24_cap_in_words_and_csv_nopd_cap_1(
    clock,
):
    claimed("Day gate", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    claimed("Night gate", shifts=((local(2027, 3, 9, 16), local(2027, 3, 10, 0), 1),))
    claimed("Near gate", email="officer2@nopd.demo",
            shifts=((local(2027, 3, 11, 8), local(2027, 3, 11, 16), 1),))  # fmt: skip
    claimed("Near gate 2", email="officer2@nopd.demo",
            shifts=((local(2027, 3, 11, 17), local(2027, 3, 11, 23), 1),))  # fmt: skip
    query = "since=2027-03-01&until=2027-03-31"
    text = desk_client().get(f"/staff/reports/?{query}").text
    hours = text[text.index("Hours per officer") : text.index("Fill rate and time to fill")]
    assert "cap 16 h in any 24 h" in hours
    assert "At the cap: 16 of 16 hours in 24 hours" in hours
    assert "Near the cap: 14 of 16 hours in 24 hours" in hours
    body = desk_client().get(f"/staff/reports/export.csv?report=officer-hours&{query}")
    rows = list(csv.reader(io.StringIO(body.content.decode())))
    assert rows[0][3:] == ["Busiest 24 hours (hours)", "Busiest week (hours)", "Hour caps"]
    by_name = {row[0]: row for row in rows[1:]}
    first = by_name[officer(1).user.display_name]
    assert first[3] == "16.00" and first[5] == "At the cap: 16 of 16 hours in 24 hours"
    second = by_name[officer(2).user.display_name]
    assert second[3] == "14.00" and second[5] == "Near the cap: 14 of 16 hours in 24 hours"

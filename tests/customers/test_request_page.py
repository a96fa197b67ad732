"""Request a job in the browser: the live quote, the warnings before submitting, refusals with
the agency's reason, bad input named next to its field, and one job per submitted form."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from jobs.models import Job
from officers.models import Assignment
from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import asheville_form, error_text, job_count, nopd_form, text_of

pytestmark = pytest.mark.django_db


def preview(client, data):
    return client.post("/jobs/new/preview/", data, HTTP_HX_REQUEST="true")


def test_the_request_page_renders_with_a_first_quote(demo, clock):
    client = browser_client(demo.customer)
    for slug in ("nopd", "asheville"):
        response = client.get(f"/jobs/new/?agency={slug}")
        assert response.status_code == 200
        body = text_of(response)
        assert "Total" in body and "Estimated" not in body  # the quote is exact
        assert 'name="idempotency_key"' in response.content.decode()
    picker = client.get("/jobs/new/")
    assert picker.status_code == 200
    assert "/jobs/new/?agency=nopd" in picker.content.decode()


def test_the_tiers_are_explained_nopd_tier_1(demo, clock):
    """NOPD-TIER-1: the customer chooses the tier, each tier with its description."""
    body = text_of(browser_client(demo.customer).get("/jobs/new/?agency=nopd"))
    assert "Tier: the rate you offer" in body
    assert "lets you choose the tier you pay" in body
    assert "Tier 3 is also the minimum on designated holidays" in body


def test_the_live_quote_is_the_engines_itemized_quote_nopd_rate_1(demo, clock):
    client = browser_client(demo.customer)
    response = preview(client, nopd_form())
    assert response.status_code == 200
    body = text_of(response)
    assert "$434.64" in body
    assert "NOPD-RATE-1" in body
    more = text_of(preview(client, nopd_form(**{"shift-0-officers": "3"})))
    assert "$651.96" in more


def test_short_notice_is_warned_before_submitting_nopd_lead_1(demo, clock):
    """NOPD-LEAD-1."""
    body = text_of(
        preview(browser_client(demo.customer), nopd_form(**{"shift-0-date": "2027-03-03"}))
    )
    assert "Short notice" in body
    assert "a coordinator must approve" in body


def test_emergency_rate_is_warned_before_submitting_odm_lead_1(demo, clock):
    form = asheville_form(
        **{"shift-0-date": "2027-03-01", "shift-0-start": "18:00", "shift-0-end": "22:00"}
    )
    body = text_of(preview(browser_client(demo.customer), form))
    assert "Emergency" in body
    assert "ODM-LEAD-1" in body


def test_supervisors_required_is_warned_before_submitting_nopd_sup_1(demo, clock):
    """NOPD-SUP-1."""
    body = text_of(preview(browser_client(demo.customer), nopd_form(**{"shift-0-officers": "6"})))
    assert "need 1 sergeant on site" in body


def test_a_prohibited_category_is_refused_with_the_agencys_reason_odm_prohib_1(demo, clock):
    """ODM-PROHIB-1."""
    client = browser_client(demo.customer)
    form = asheville_form(category="collections")
    live = preview(client, form)
    assert "may not serve process" in error_text(live, "category")
    before = job_count()
    response = client.post("/jobs/new/", form)
    assert response.status_code == 400
    assert "may not serve process" in error_text(response, "category")
    assert job_count() == before


def test_not_sure_goes_to_a_coordinators_review(demo, clock):
    client = browser_client(demo.customer)
    live = text_of(preview(client, asheville_form(category="not_sure")))
    assert "A coordinator will review" in live
    response = client.post("/jobs/new/", asheville_form(category="not_sure"))
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(title="Spring market")
    assert job.needs_review and job.requires_approval


def test_submitting_creates_the_job_and_shows_its_page(demo, clock):
    client = browser_client(demo.customer)
    response = client.post("/jobs/new/", nopd_form())
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(title="Gallery opening")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert str(job.total) == "434.64"
    assert job.organization == demo.acme
    assert job.site_contact_name == "Dana Lee"
    assert job.post_orders == "Front door; no re-entry after 9 PM."
    page = text_of(client.get(response["Location"]))
    assert "Gallery opening" in page
    assert "Wed Apr 7, 6:00-10:00 PM CDT" in page
    assert "$434.64" in page


def test_the_same_form_sent_twice_creates_one_job(demo, clock):
    """A double click or a resubmitted POST carries the same hidden idempotency key."""
    client = browser_client(demo.customer)
    before = job_count()
    first = client.post("/jobs/new/", nopd_form())
    second = client.post("/jobs/new/", nopd_form())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert job_count() == before + 1
    assert "already sent" in text_of(client.get(second["Location"]))


def test_a_weekly_repeat_creates_a_series(demo, clock):
    client = browser_client(demo.customer)
    live = text_of(preview(client, nopd_form(repeat_weeks="3")))
    assert "3 weekly jobs" in live
    assert "$1,303.92" in live
    response = client.post("/jobs/new/", nopd_form(repeat_weeks="3"))
    assert response.status_code == 302
    with scopes_disabled():
        jobs = list(Job.objects.filter(title="Gallery opening"))
    assert len(jobs) == 3
    assert len({job.series_id for job in jobs}) == 1


def test_add_a_shift_without_javascript_adds_a_row_and_saves_nothing(demo, clock):
    client = browser_client(demo.customer)
    before = job_count()
    response = client.post("/jobs/new/", nopd_form(action="add_shift"))
    assert response.status_code == 200
    assert 'name="shift-1-date" value="2027-04-08"' in response.content.decode()
    assert job_count() == before


def test_adding_a_shift_does_not_judge_the_details_yet(demo, clock):
    """Only the rows changed: what was typed shows again, without errors."""
    client = browser_client(demo.customer)
    response = client.post("/jobs/new/", nopd_form(action="add_shift", title="", address="Pier 1"))
    assert response.status_code == 200
    assert error_text(response, "title") == ""
    assert "Pier 1" in response.content.decode()


def test_add_a_shift_live_redraws_the_rows(demo, clock):
    response = preview(browser_client(demo.customer), nopd_form(action="add_shift"))
    body = response.content.decode()
    assert 'id="shifts" class="shifts" hx-swap-oob="true"' in body
    assert "Shift 2" in body


@pytest.mark.parametrize(
    ("field", "value", "slot", "words"),
    [
        ("title", "", "title", "title"),
        ("title", "x" * 201, "title", "title"),
        ("category", "", "category", "kind of work"),
        ("category", "bounty_hunting", "category", "unknown category"),
        ("address", "", "address", "address"),
        ("site_contact_name", "x" * 201, "site_contact_name", "on-site contact"),
        ("site_contact_phone", "5" * 41, "site_contact_phone", "on-site phone"),
        ("post_orders", "x" * 20001, "post_orders", "post orders"),
        ("shift-0-date", "", "shift-0-date", "date"),
        ("shift-0-date", "2027-02-30", "shift-0-date", "date"),
        ("shift-0-date", "2027-02-01", "shift-0-start", "passed"),
        ("shift-0-start", "", "shift-0-start", "start"),
        ("shift-0-start", "25:00", "shift-0-start", "start"),
        ("shift-0-end", "18:00", "shift-0-end", "end"),
        ("shift-0-end", "", "shift-0-end", "end"),
        ("shift-0-officers", "", "shift-0-officers", "officers"),
        ("shift-0-officers", "0", "shift-0-officers", "officer"),
        ("shift-0-officers", "two", "shift-0-officers", "number"),
        ("rank", "general", "rank", "rank"),
        ("tier", "9", "tier", "tier"),
        ("job_type", "fireworks", "job_type", "job"),
        ("repeat_weeks", "-1", "repeat_weeks", "weekly repeat"),
        ("repeat_weeks", "99", "repeat_weeks", "weekly repeat"),
        ("repeat_weeks", "often", "repeat_weeks", "weeks"),
        ("preferred_officers", "999999", "preferred_officers", "preferred officers"),
    ],
)
def test_bad_input_is_named_next_to_its_field_and_saves_nothing(
    demo, clock, field, value, slot, words
):
    client = browser_client(demo.customer)
    before = job_count()
    response = client.post("/jobs/new/", nopd_form(**{field: value}))
    assert response.status_code == 400
    message = error_text(response, slot)
    assert words in message.lower(), message
    assert job_count() == before


def test_preferred_officers_are_those_who_worked_the_organizations_past_jobs_nopd_rel_1(
    demo, clock
):
    """NOPD-REL-1."""
    past = make_job(
        demo, agency="nopd", start="2027-03-20T18:00:00", end="2027-03-20T22:00:00", approve=True
    )
    officer = demo.officer("officer3@nopd.demo")
    with scopes_disabled():
        shift = past.shifts.get()
        position = shift.positions.first()
        Assignment.objects.create(
            position=position,
            officer=officer,
            state=Assignment.State.COMPLETED,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
        )
    clock.move_to("2027-03-25T12:00:00Z")
    client = browser_client(demo.customer)
    page = client.get("/jobs/new/?agency=nopd")
    assert officer.user.display_name in text_of(page)
    assert f'name="preferred_officers" value="{officer.pk}"' in page.content.decode()
    other = browser_client(demo.bistro_customer).get("/jobs/new/?agency=nopd")
    assert officer.user.display_name not in text_of(other)
    response = client.post(
        "/jobs/new/",
        nopd_form(preferred_officers=str(officer.pk), **{"shift-0-date": "2027-04-14"}),
    )
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(title="Gallery opening")
        assert list(job.preferred_officers.all()) == [officer]


def test_only_customers_request_jobs(demo, clock):
    for email in ("coordinator@nopd.demo", "officer1@nopd.demo"):
        client = browser_client(demo.user(email))
        assert client.get("/jobs/new/?agency=nopd").status_code == 403
        assert client.post("/jobs/new/", nopd_form()).status_code == 403
        assert client.post("/jobs/new/preview/", nopd_form()).status_code == 403
    assert job_count() == 0


def test_an_unknown_agency_is_404(demo, clock):
    assert browser_client(demo.customer).get("/jobs/new/?agency=nowhere").status_code == 404

"""The rate-card editor: a draft from the version in force, forms in the agency's words, a preview
side by side, publishing a new version with an effective date, history, JSON export and import."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from agencies import cardeditor, ratecards
from agencies.models import RateCard, RateCardDraft
from audit.models import AuditEvent
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def events(kind: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(event_type=kind))


def url(name: str, slug: str = "nopd", **kwargs) -> str:
    return reverse(f"agencies:{name}", kwargs={"agency_slug": slug, **kwargs})


def rate_index(card, rank: str, tier: str) -> int:
    return next(
        i
        for i, r in enumerate(card.rates)
        if r.rank == rank and r.tier == tier and r.category == "regular" and r.job_type == "hourly"
    )


def section_post(client, card, section: str, **changes) -> object:
    """POST one section of the draft with its current values, changed by ``changes``."""
    from agencies.cardforms import SECTIONS

    form = SECTIONS[section](card, prefix=section)
    data = {"section": section}
    for name, field in form.fields.items():
        value = field.initial
        if value is None or value is False:
            value = ""
        data[f"{section}-{name}"] = value
    data.update({f"{section}-{k}": v for k, v in changes.items()})
    return client.post(url("manage-draft"), data)


@pytest.fixture
def admin_client(demo, clock):
    return browser_client(demo.admin("nopd"))


def test_admin_starts_a_draft_from_the_version_in_force(demo, admin_client):
    assert admin_client.get(url("manage")).status_code == 200
    page = admin_client.get(url("manage-card"))
    assert page.status_code == 200
    assert b"Start a draft" in page.content
    response = admin_client.post(url("manage-start"))
    assert response.status_code == 302
    draft = RateCardDraft.objects.get(agency=demo.nopd)
    in_force = ratecards.current_card(demo.nopd)
    assert draft.based_on == in_force.version
    assert cardeditor.card_of(draft) == in_force
    assert len(events("ratecard.draft_started")) == 1


def test_editing_a_tier_rate_changes_the_draft_only(demo, admin_client):
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    i = rate_index(card, "officer", "3")
    response = section_post(admin_client, card, "rates", **{f"rate_{i}": "50.00"})
    assert response.status_code == 302
    edited = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert edited.rates[i].officer_pay == Decimal("50.00")
    # the version in force is untouched
    assert ratecards.current_card(demo.nopd).rates[i].officer_pay == Decimal("46.33")


def test_a_bad_value_is_explained_next_to_the_field_and_nothing_is_saved(demo, admin_client):
    admin_client.post(url("manage-start"))
    before = RateCardDraft.objects.get(agency=demo.nopd).card
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    i = rate_index(card, "officer", "3")
    response = section_post(admin_client, card, "rates", **{f"rate_{i}": "-5"})
    assert response.status_code == 400
    assert b"greater than or equal to 0" in response.content
    response = section_post(admin_client, card, "hours", overtime_after="8")
    assert response.status_code == 400
    assert b"Give both the hours and the multiplier" in response.content
    assert RateCardDraft.objects.get(agency=demo.nopd).card == before


def test_a_card_level_mistake_is_refused_in_words(demo, admin_client):
    """The whole-card check (a supervision table with a gap) is shown by its row, nothing saved."""
    admin_client.post(url("manage-start"))
    draft = RateCardDraft.objects.get(agency=demo.nopd)
    card = cardeditor.card_of(draft)
    assert len(card.supervision.rows) >= 2, "NOPD's card has a supervision table to break"
    response = section_post(admin_client, card, "supervision", min_1="999")
    assert response.status_code == 400
    assert RateCardDraft.objects.get(agency=demo.nopd).card == draft.card


def test_adding_a_holiday_date_to_the_draft(demo, admin_client):
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    holiday = next(i for i, rule in enumerate(card.calendar) if rule.code == "holiday")
    response = section_post(
        admin_client,
        card,
        "calendar",
        rule=str(holiday),
        name="City anniversary",
        start="2027-05-07",
        end="",
    )
    assert response.status_code == 302
    edited = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    added = edited.calendar[holiday].dates[-1]
    assert (added.name, added.start, added.end) == (
        "City anniversary",
        date(2027, 5, 7),
        date(2027, 5, 7),
    )


def test_preview_shows_in_force_and_draft_totals_with_the_difference(demo, admin_client):
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    i = rate_index(card, "officer", card.default_tier)
    section_post(admin_client, card, "rates", **{f"rate_{i}": str(card.rates[i].officer_pay + 10)})
    page = admin_client.get(url("manage-preview"))
    assert page.status_code == 200
    rows = page.context["rows"]
    weekday = rows[0]
    assert weekday.in_force.total is not None and weekday.draft.total is not None
    hours = weekday.sample.hours
    assert weekday.difference == Decimal("10") * hours
    assert weekday.changed
    assert b'class="changed"' in page.content


def test_samples_are_editable_and_bounded_plat_limit_1(demo, admin_client):
    admin_client.post(url("manage-start"))
    data = {
        "samples-TOTAL_FORMS": "1",
        "samples-INITIAL_FORMS": "0",
        "samples-MIN_NUM_FORMS": "0",
        "samples-MAX_NUM_FORMS": "10",
        "samples-0-name": "Parade",
        "samples-0-day": "2027-04-10",
        "samples-0-start": "10:00",
        "samples-0-hours": "6",
        "samples-0-officers": "12",
    }
    assert admin_client.post(url("manage-preview"), data).status_code == 302
    samples = cardeditor.samples_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert [(s.name, s.officers) for s in samples] == [("Parade", 12)]
    data["samples-0-officers"] = "100000"
    response = admin_client.post(url("manage-preview"), data)
    assert response.status_code == 400
    assert b"less than or equal to 500" in response.content


def test_publish_stores_a_new_version_from_its_date_and_is_audited(demo, admin_client, clock):
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    i = rate_index(card, "officer", "3")
    section_post(admin_client, card, "rates", **{f"rate_{i}": "50.00"})
    before = RateCard.objects.filter(agency=demo.nopd).count()
    # a date in the past is refused
    response = admin_client.post(url("manage-publish"), {"effective_from": "2027-02-01"})
    assert response.status_code == 400
    assert b"cannot be in the past" in response.content
    response = admin_client.post(url("manage-publish"), {"effective_from": "2027-04-01"})
    assert response.status_code == 302
    assert RateCard.objects.filter(agency=demo.nopd).count() == before + 1
    assert not RateCardDraft.objects.filter(agency=demo.nopd).exists()
    old = ratecards.current_card(demo.nopd, date(2027, 3, 31))
    new = ratecards.current_card(demo.nopd, date(2027, 4, 1))
    assert old.rates[i].officer_pay == Decimal("46.33")
    assert new.rates[i].officer_pay == Decimal("50.00")
    (event,) = events("ratecard.published")
    assert event.data["effective_from"] == "2027-04-01"
    history = admin_client.get(url("manage-card"))
    assert b"Apr 1, 2027" in history.content and b"Future" in history.content
    # the public rates page shows the coming version
    rates = admin_client.get(reverse("agencies:rates", args=["nopd"]))
    assert b"From April 1, 2027" in rates.content


def test_export_and_import_round_trip(demo, admin_client):
    version = ratecards.current_card(demo.nopd).version
    response = admin_client.get(url("manage-card-export", version=version))
    assert response.status_code == 200
    document = json.loads(response.content)
    document["card"]["fee"]["amount"] = "9.00"
    upload = SimpleUploadedFile("nopd.json", json.dumps(document).encode(), "application/json")
    response = admin_client.post(url("manage-import"), {"document": upload})
    assert response.status_code == 302
    draft = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    assert draft.fee.amount == Decimal("9.00")
    assert response.status_code == 302
    document["card"]["rates"][0]["tier"] = "9"
    upload = SimpleUploadedFile("bad.json", json.dumps(document).encode(), "application/json")
    response = admin_client.post(url("manage-import"), {"document": upload})
    assert response.status_code == 400
    assert b"unknown tier" in response.content
    assert cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd)).fee.amount == Decimal(
        "9.00"
    )
    not_json = SimpleUploadedFile("x.json", b"{nope", "application/json")
    response = admin_client.post(url("manage-import"), {"document": not_json})
    assert response.status_code == 400 and b"not JSON" in response.content


def test_coordinator_gets_403_and_another_agencys_admin_404(demo, clock):
    coordinator = browser_client(demo.coordinator("nopd"))
    assert coordinator.get(url("manage")).status_code == 403
    assert coordinator.get(url("manage-card")).status_code == 403
    other_admin = browser_client(demo.admin("asheville"))
    assert other_admin.get(url("manage")).status_code == 404
    assert other_admin.post(url("manage-start")).status_code == 404
    assert other_admin.get(url("manage", slug="asheville")).status_code == 200


def test_publishing_never_changes_a_stored_version_plat_snapshot_1(demo, admin_client):
    """PLAT-SNAPSHOT-1: publishing stores a new version; stored versions are never changed."""
    stored = {
        v.version: ratecards.card_from_model(ratecards.load_model(v.pk))
        for v in RateCard.objects.filter(agency=demo.nopd)
    }
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    section_post(admin_client, card, "fee", amount="12.00")
    admin_client.post(url("manage-publish"), {"effective_from": "2027-03-01"})
    for version, card in stored.items():
        model = RateCard.objects.get(agency=demo.nopd, version=version)
        assert ratecards.card_from_model(ratecards.load_model(model.pk)) == card


def test_admin_edits_the_profile_and_the_change_is_audited(demo, admin_client):
    page = admin_client.get(url("manage-profile"))
    assert page.status_code == 200
    data = {name: value or "" for name, value in page.context["form"].initial.items()}
    data.pop("id", None)
    data["after_hours_phone"] = "504-555-0199"
    response = admin_client.post(url("manage-profile"), data)
    assert response.status_code == 302
    demo.nopd.refresh_from_db()
    assert demo.nopd.after_hours_phone == "504-555-0199"
    (event,) = events("agency.profile_changed")
    assert event.data["fields"] == ["after_hours_phone"]
    assert b"504-555-0199" in admin_client.get(reverse("agencies:detail", args=["nopd"])).content
    data["email"] = "not an email"
    data["name"] = ""
    response = admin_client.post(url("manage-profile"), data)
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert browser_client(demo.coordinator("nopd")).get(url("manage-profile")).status_code == 403


def test_admin_adds_and_removes_staff_and_the_last_admin_stays(
    demo, admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    from agencies.models import StaffMembership

    page = admin_client.get(url("manage-staff"))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url("manage-staff"),
            {"full_name": "Dana Dispatch", "email": "Dana@Example.org", "role": "coordinator"},
        )
    assert response.status_code == 302
    added = StaffMembership.objects.get(agency=demo.nopd, user__email="dana@example.org")
    assert added.role == "coordinator"
    assert mailoutbox[-1].to == ["dana@example.org"]
    assert "/accounts/password/reset/key/" in mailoutbox[-1].body
    again = admin_client.post(
        url("manage-staff"),
        {"full_name": "Dana Dispatch", "email": "dana@example.org", "role": "admin"},
    )
    assert again.status_code == 400 and b"already on the agency" in again.content
    assert admin_client.post(url("manage-staff-remove", pk=added.pk)).status_code == 302
    assert not StaffMembership.objects.filter(pk=added.pk).exists()
    assert len(events("staff.invited")) == 1 and len(events("staff.removed")) == 1
    # the last admin cannot be removed
    admins = StaffMembership.objects.filter(agency=demo.nopd, role="admin")
    if admins.count() == 1:
        admin_client.post(url("manage-staff-remove", pk=admins.get().pk))
        assert admins.count() == 1
    # another agency's staff member is not found from here
    other = StaffMembership.objects.filter(agency=demo.asheville).first()
    admin_client.post(url("manage-staff-remove", pk=other.pk))
    assert StaffMembership.objects.filter(pk=other.pk).exists()


def test_the_site_navigation_leads_an_admin_to_the_agency_admin_pages(demo, admin_client):
    home = admin_client.get("/")
    assert b'href="/agency-admin/"' in home.content
    response = admin_client.get("/agency-admin/")
    assert response.status_code == 302 and response["Location"] == url("manage")
    coordinator = browser_client(demo.coordinator("nopd"))
    assert b'href="/agency-admin/"' not in coordinator.get("/").content
    assert coordinator.get("/agency-admin/").status_code == 403


def test_a_published_future_version_prices_shifts_from_its_date_plat_snapshot_1(demo, admin_client):
    """A version published from April 1 prices April shifts already; March shifts keep the old
    price; a job booked before keeps its own (PLAT-SNAPSHOT-1)."""

    def total(day: str) -> str:
        body = {
            "shifts": [
                {
                    "starts_at": f"{day}T18:00:00-05:00",
                    "ends_at": f"{day}T22:00:00-05:00",
                    "officers": 1,
                }
            ],
            "tier": "3",
        }
        response = admin_client.post(
            "/api/v1/agencies/nopd/quotes/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content
        return response.json()["total"]

    march, april = total("2027-03-24"), total("2027-04-14")
    assert march == april
    admin_client.post(url("manage-start"))
    card = cardeditor.card_of(RateCardDraft.objects.get(agency=demo.nopd))
    i = rate_index(card, "officer", "3")
    section_post(admin_client, card, "rates", **{f"rate_{i}": "56.33"})
    admin_client.post(url("manage-publish"), {"effective_from": "2027-04-01"})
    assert total("2027-03-24") == march
    assert Decimal(total("2027-04-14")) == Decimal(march) + 40  # 4 h x $10 more

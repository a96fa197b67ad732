"""A staff member of two agencies (PLAT-TENANT-1): they see both agencies' jobs, and a page that
acts for one agency acts for the one they chose, never silently the first."""

from __future__ import annotations

from datetime import date

import pytest
from django_scopes import scopes_disabled

from accounts.roles import roles_of
from agencies.models import StaffMembership
from detailhire.errors import DomainError, PermissionDenied
from officers.models import Officer
from officers.services.invitations import OfficerInvitation, invite_officer
from tests.customers.conftest import browser_client, make_job
from tests.jobs.conftest import client_for

pytestmark = pytest.mark.django_db

INVITE = {
    "full_name": "Dana Reyes",
    "email": "dana.reyes@example.com",
    "rank": "officer",
    "badge_number": "D-4410",
    "seniority_date": "2015-06-01",
    "specialties": "",
    "phone": "",
}


@pytest.fixture
def two_agencies(demo):
    """NOPD's coordinator, made a coordinator of Asheville as well (joined there later)."""
    user = demo.coordinator("nopd")
    StaffMembership.objects.create(
        user=user, agency=demo.asheville, role=StaffMembership.Role.COORDINATOR
    )
    assert roles_of(user).staff_agency_ids == (demo.nopd.pk, demo.asheville.pk)
    return user


def test_staff_of_two_agencies_see_both_agencies_jobs_plat_tenant_1(demo, two_agencies):
    make_job(demo, agency="nopd", title="Jazz fest gate")
    make_job(demo, agency="asheville", title="Spring market")
    page = browser_client(two_agencies).get("/jobs/")
    assert page.status_code == 200
    assert "Jazz fest gate" in page.content.decode()
    assert "Spring market" in page.content.decode()
    listed = client_for(two_agencies).get("/api/v1/jobs/")
    assert listed.status_code == 200
    titles = {job["title"] for job in listed.json()["results"]}
    assert {"Jazz fest gate", "Spring market"} <= titles


def test_staff_pages_ask_which_agency_rather_than_taking_the_first_plat_tenant_1(
    demo, two_agencies
):
    client = browser_client(two_agencies)
    asked = client.get("/staff/officers/")
    assert asked.status_code == 400
    assert "?agency=asheville" in asked.content.decode()
    assert "?agency=nopd" in asked.content.decode()
    assert client.get("/staff/officers/?agency=nowhere").status_code == 404
    assert client.get("/staff/officers/?agency=nopd%00").status_code == 404
    chosen = client.get("/staff/officers/?agency=asheville")
    assert chosen.status_code == 200
    assert chosen.context["agency"] == demo.asheville
    # the choice is remembered for the next staff page of the session
    assert client.get("/staff/attendance/").context["agency"] == demo.asheville


def test_an_invitation_goes_to_the_agency_chosen_never_the_first_plat_tenant_1(demo, two_agencies):
    client = browser_client(two_agencies)
    response = client.post("/staff/officers/?agency=asheville", INVITE)
    assert response.status_code == 302, response.content[:500]
    with scopes_disabled():
        officer = Officer.objects.get(user__email="dana.reyes@example.com")
    assert officer.agency == demo.asheville  # not NOPD, their first agency


def test_staff_of_an_agency_cannot_invite_into_another(demo, two_agencies):
    client = browser_client(demo.coordinator("asheville"))
    assert client.post("/staff/officers/?agency=nopd", INVITE).status_code == 404
    invitation = OfficerInvitation(
        **{**INVITE, "seniority_date": date(2015, 6, 1), "specialties": ()}
    )
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            invite_officer(invitation, actor=demo.coordinator("asheville"), agency=demo.nopd)
        with pytest.raises(DomainError) as unchosen:  # several agencies, none chosen: refused
            invite_officer(invitation, actor=two_agencies)
        assert unchosen.value.field == "agency"
        assert not Officer.objects.filter(user__email="dana.reyes@example.com").exists()


def test_a_user_of_two_agencies_has_no_first_agency(demo, two_agencies):
    roles = roles_of(two_agencies)
    assert roles.sole_agency_id is None
    assert two_agencies.agency is None
    assert set(two_agencies.agencies) == {demo.nopd, demo.asheville}
    me = client_for(two_agencies).get("/api/v1/auth/me/").json()
    assert (me["agency"], me["agencies"]) == (None, ["nopd", "asheville"])
    assert client_for(demo.coordinator("asheville")).get("/api/v1/auth/me/").json()["agency"] == (
        "asheville"
    )

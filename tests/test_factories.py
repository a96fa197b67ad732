"""The test factories make consistent rows without any tenant scope active."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled

from agencies import ratecards
from agencies.models import StaffMembership
from jobs.models import Job, Position
from officers.models import Assignment
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    CustomerMembershipFactory,
    FieldMediaFactory,
    JobFactory,
    OfficerFactory,
    ShiftFactory,
    ShippedAgencyFactory,
    StaffFactory,
    UserFactory,
    job_positions,
)

pytestmark = pytest.mark.django_db


def test_a_user_has_a_verified_address_and_no_usable_password():
    user = UserFactory(email="Someone@Example.test")
    assert user.email == "someone@example.test"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert not EmailAddress.objects.filter(user=UserFactory(verified=False)).exists()


def test_people_of_an_agency_and_of_an_organization_have_their_roles():
    agency = AgencyFactory(slug="gamma")
    admin = StaffFactory(agency=agency, admin=True).user
    coordinator = StaffFactory(agency=agency).user
    officer = OfficerFactory(agency=agency, rank="sergeant")
    customer = CustomerMembershipFactory().user
    assert "agency_admin" in admin.roles
    assert StaffMembership.objects.get(user=coordinator).role == StaffMembership.Role.COORDINATOR
    assert officer.user.roles == ["officer"]
    assert customer.roles == ["customer"]
    assert AgencyFactory(slug="gamma") == agency  # one agency per slug


def test_a_shipped_agency_comes_with_its_current_card():
    nopd = ShippedAgencyFactory(slug="nopd")
    assert nopd.time_zone == "America/Chicago"
    assert ratecards.current_card("nopd", on=date(2027, 3, 1)).tiers
    assert ShippedAgencyFactory(slug="nopd") == nopd
    with pytest.raises(ValueError, match="no shipped card"):
        ShippedAgencyFactory(slug="gamma")


def test_a_job_has_its_shifts_and_open_positions():
    job = JobFactory(shifts=2, shifts__officers=3)
    with scopes_disabled():
        shifts = list(job.shifts.order_by("index"))
        assert [s.index for s in shifts] == [0, 1]
        assert shifts[1].starts_at - shifts[0].starts_at == timedelta(days=1)
        assert [s.officers for s in shifts] == [3, 3]
    positions = job_positions(job)
    assert len(positions) == 6
    assert {p.status for p in positions} == {Position.Status.OPEN}
    assert job.status == Job.Status.APPROVED
    with scopes_disabled():
        assert JobFactory(shifts=0).shifts.count() == 0
        assert ShiftFactory(officers=2).positions.count() == 2


def test_an_assignment_is_held_by_an_officer_of_the_jobs_agency():
    assignment = AssignmentFactory()
    with scopes_disabled():
        assignment = Assignment.objects.select_related("position__shift__job").get(pk=assignment.pk)
    job = assignment.position.shift.job
    assert assignment.officer.agency_id == job.agency_id
    assert assignment.position.status == Position.Status.FILLED
    assert (assignment.starts_at, assignment.ends_at) == (
        assignment.position.shift.starts_at,
        assignment.position.shift.ends_at,
    )
    media = FieldMediaFactory(note__assignment=assignment)
    assert media.note.author == assignment.officer.user

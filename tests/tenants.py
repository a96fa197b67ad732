"""Two tenants with a fixed cast, for ownership and isolation tests.

``tenant_a`` and ``tenant_b`` each hold an agency (admin, coordinator, officer) and a customer
organization (one customer). The trio of a tenant: ``member`` (its customer), ``staff`` (its
coordinator) and the ``outsider`` fixture (a signed-up user with no role anywhere). Tests act as
tenant A's people on tenant B's objects and expect 404 (403 for a wrong role).

Tenant B's private values contain ``markers`` (names, emails, badge numbers) that must never appear
in a response to tenant A's people. Users have verified email addresses and no usable password:
log them in with ``client.force_login(user)`` or a token (``token_for(user)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from accounts.models import User
from agencies.models import Agency
from jobs.models import Job, Position
from officers.models import Assignment, Officer
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    CustomerMembershipFactory,
    CustomerOrganization,
    CustomerOrganizationFactory,
    JobFactory,
    OfficerFactory,
    PositionFactory,
    StaffFactory,
    UserFactory,
)
from tests.fixtures import token_for  # noqa: F401 - imported from here by older tests


@dataclass
class Tenant:
    label: str
    agency: Agency
    admin: User
    coordinator: User
    officer: User
    officer_profile: Officer
    organization: CustomerOrganization
    customer: User

    @property
    def member(self) -> User:
        """The tenant's member: a customer of its organization."""
        return self.customer

    @property
    def staff(self) -> User:
        """The tenant's staff: its agency's coordinator."""
        return self.coordinator

    @property
    def people(self) -> dict[str, User]:
        """Everyone of the tenant, by role."""
        return {
            "agency_admin": self.admin,
            "coordinator": self.coordinator,
            "officer": self.officer,
            "customer": self.customer,
        }

    @property
    def markers(self) -> tuple[str, ...]:
        """Strings only this tenant's private data contains."""
        return (
            self.organization.name,
            self.customer.email,
            self.customer.full_name,
            self.officer.email,
            self.officer.full_name,
            self.officer_profile.badge_number,
            self.coordinator.email,
            self.admin.email,
        )


def make_user(email: str, full_name: str = "", **extra) -> User:
    return UserFactory(email=email, full_name=full_name, **extra)


def make_tenant(label: str) -> Tenant:
    """Tenant ``label`` (one lower-case word): agency ``<label>``, org ``<Label> Catering Co``."""
    title = label.capitalize()
    agency = AgencyFactory(slug=label, name=f"{title} Police Department")
    admin = StaffFactory(
        agency=agency, admin=True, user=make_user(f"admin@{label}.test", f"{title} Admin Person")
    ).user
    coordinator = StaffFactory(
        agency=agency,
        user=make_user(f"coordinator@{label}.test", f"{title} Coordinator Person"),
        phone="(555) 010-0001",
    ).user
    profile = OfficerFactory(
        agency=agency,
        user=make_user(f"officer@{label}.test", f"{title} Officer Person"),
        badge_number=f"{title.upper()}-4471",
        specialties=["motorcycle"],
    )
    organization = CustomerOrganizationFactory(name=f"{title} Catering Co")
    customer = CustomerMembershipFactory(
        organization=organization,
        user=make_user(f"customer@{label}.test", f"{title} Customer Person"),
    ).user
    return Tenant(label, agency, admin, coordinator, profile.user, profile, organization, customer)


@pytest.fixture
def tenant_a(db) -> Tenant:
    return make_tenant("alpha")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return make_tenant("zulu")


@pytest.fixture
def outsider(db) -> User:
    """A signed-up user with no role: no agency, no organization."""
    return make_user("outsider@nowhere.test", "Outside Person")


def job_of(tenant: Tenant):
    """A job of ``tenant``'s organization with its agency (one shift, one open position), made
    once per tenant. Its title carries the organization's name, a marker."""
    with scopes_disabled():
        title = f"{tenant.organization.name} night market"
        job = Job.objects.filter(agency=tenant.agency, title=title).first()
        if job is not None:
            return job
        return JobFactory(
            agency=tenant.agency,
            organization=tenant.organization,
            created_by=tenant.customer,
            title=title,
            address=f"{tenant.organization.name}, 1 Main St",
            coordinator=tenant.coordinator,
        )


def position_of(tenant: Tenant):
    """The open position of ``job_of(tenant)``."""
    with scopes_disabled():
        return Position.objects.get(shift__job=job_of(tenant), index=0)


def assignment_of(tenant: Tenant):
    """An active assignment of ``tenant``'s officer on a second position of ``job_of(tenant)``,
    made once per tenant."""
    with scopes_disabled():
        shift = job_of(tenant).shifts.get(index=0)
        position = Position.objects.filter(shift=shift, index=1).first() or PositionFactory(
            shift=shift, index=1, status=Position.Status.FILLED
        )
        assignment = Assignment.objects.filter(
            position=position, state=Assignment.State.ACTIVE
        ).first()
        return assignment or AssignmentFactory(position=position, officer=tenant.officer_profile)

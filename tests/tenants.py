"""Two tenants with a fixed cast, for ownership and isolation tests (DESIGN.md habit 9).

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
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from accounts.models import User
from agencies.models import Agency, StaffMembership
from customers.models import CustomerMembership, CustomerOrganization
from officers.models import Officer


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
    user = User.objects.create_user(email=email, password=None, full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_tenant(label: str) -> Tenant:
    """Tenant ``label`` (one lower-case word): agency ``<label>``, org ``<Label> Catering Co``."""
    title = label.capitalize()
    with scopes_disabled():
        agency = Agency.objects.create(
            slug=label,
            name=f"{title} Police Department",
            time_zone="America/Chicago",
            office_phone="(555) 010-0000",
        )
        admin = make_user(f"admin@{label}.test", f"{title} Admin Person")
        StaffMembership.objects.create(user=admin, agency=agency, role=StaffMembership.Role.ADMIN)
        coordinator = make_user(f"coordinator@{label}.test", f"{title} Coordinator Person")
        StaffMembership.objects.create(
            user=coordinator,
            agency=agency,
            role=StaffMembership.Role.COORDINATOR,
            phone="(555) 010-0001",
        )
        officer = make_user(f"officer@{label}.test", f"{title} Officer Person")
        profile = Officer.objects.create(
            user=officer,
            agency=agency,
            rank="officer",
            badge_number=f"{title.upper()}-4471",
            seniority_date=date(2015, 5, 1),
            specialties=["motorcycle"],
        )
        organization = CustomerOrganization.objects.create(
            name=f"{title} Catering Co", phone="(555) 010-0002"
        )
        customer = make_user(f"customer@{label}.test", f"{title} Customer Person")
        CustomerMembership.objects.create(user=customer, organization=organization)
    return Tenant(label, agency, admin, coordinator, officer, profile, organization, customer)


def token_for(user: User) -> str:
    return Token.objects.get_or_create(user=user)[0].key


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
    from datetime import UTC, datetime
    from decimal import Decimal

    from jobs.models import Job, Position, Shift

    with scopes_disabled():
        title = f"{tenant.organization.name} night market"
        job = Job.objects.filter(agency=tenant.agency, title=title).first()
        if job is not None:
            return job
        starts, ends = datetime(2030, 6, 1, 18, tzinfo=UTC), datetime(2030, 6, 1, 22, tzinfo=UTC)
        job = Job.objects.create(
            agency=tenant.agency,
            organization=tenant.organization,
            created_by=tenant.customer,
            title=title,
            category="event_security",
            rank="officer",
            address=f"{tenant.organization.name}, 1 Main St",
            status=Job.Status.APPROVED,
            requested_at=datetime(2030, 5, 1, tzinfo=UTC),
            starts_at=starts,
            ends_at=ends,
            coordinator=tenant.coordinator,
            card_version=1,
            card_snapshot={},
            request_snapshot={},
            quote={},
            total=Decimal("100.00"),
        )
        shift = Shift.objects.create(
            job=job,
            index=0,
            starts_at=starts,
            ends_at=ends,
            officers=1,
            officer_pay_rate=Decimal("40.00"),
        )
        Position.objects.create(
            shift=shift, index=0, officer_pay_rate=Decimal("40.00"), status=Position.Status.OPEN
        )
    return job


def position_of(tenant: Tenant):
    """The open position of ``job_of(tenant)``."""
    from jobs.models import Position

    with scopes_disabled():
        return Position.objects.get(shift__job=job_of(tenant), index=0)


def assignment_of(tenant: Tenant):
    """An active assignment of ``tenant``'s officer on a second position of ``job_of(tenant)``,
    made once per tenant."""
    from jobs.models import Position
    from officers.models import Assignment

    with scopes_disabled():
        job = job_of(tenant)
        shift = job.shifts.get(index=0)
        position, _ = Position.objects.get_or_create(
            shift=shift,
            index=1,
            defaults={"officer_pay_rate": shift.officer_pay_rate, "status": Position.Status.FILLED},
        )
        assignment, _ = Assignment.objects.get_or_create(
            position=position,
            state=Assignment.State.ACTIVE,
            defaults={
                "officer": tenant.officer_profile,
                "starts_at": shift.starts_at,
                "ends_at": shift.ends_at,
            },
        )
        return assignment

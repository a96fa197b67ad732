"""Roles come from memberships and profiles (accounts.roles); the policy's checks read them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory

from accounts.roles import forget_roles, roles_of
from detailhire import policy

pytestmark = pytest.mark.django_db


def test_each_person_has_their_role(tenant_a, outsider):
    assert tenant_a.admin.roles == ["agency_admin"]
    assert tenant_a.coordinator.roles == ["coordinator"]
    assert tenant_a.officer.roles == ["officer"]
    assert tenant_a.customer.roles == ["customer"]
    assert outsider.roles == []


def test_agency_and_organizations_of_a_user(tenant_a, tenant_b, outsider):
    assert tenant_a.admin.agency == tenant_a.agency
    assert tenant_a.coordinator.agency == tenant_a.agency
    assert tenant_a.officer.agency == tenant_a.agency
    assert tenant_a.customer.agency is None
    assert list(tenant_a.customer.organizations) == [tenant_a.organization]
    assert list(tenant_b.coordinator.agencies) == [tenant_b.agency]
    assert tenant_a.officer.officer_profile == tenant_a.officer_profile
    assert tenant_a.customer.officer_profile is None
    assert outsider.agency is None
    assert list(outsider.organizations) == []


def test_an_officer_s_roles_carry_the_profile_the_officer_pages_need(tenant_a):
    """Rank, specialties and the agency's slug and time zone come with the roles (one query),
    so the officer's own API requests need no second lookup."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        tenant_a.officer_profile.specialties = ["canine", "motorcycle"]
        tenant_a.officer_profile.save()
    forget_roles(tenant_a.officer)
    profile = roles_of(tenant_a.officer).officer_profile
    assert profile.id == tenant_a.officer_profile.pk
    assert profile.agency_id == tenant_a.agency.pk
    assert (profile.agency_slug, profile.time_zone) == (
        tenant_a.agency.slug,
        tenant_a.agency.time_zone,
    )
    assert profile.rank == tenant_a.officer_profile.rank
    assert profile.specialties == ("canine", "motorcycle")
    assert roles_of(tenant_a.coordinator).officer_profile is None


def test_role_flags(tenant_a):
    assert tenant_a.admin.is_agency_admin and tenant_a.admin.is_coordinator
    assert tenant_a.coordinator.is_coordinator and not tenant_a.coordinator.is_agency_admin
    assert tenant_a.officer.is_officer and not tenant_a.officer.is_coordinator
    assert tenant_a.customer.is_customer and not tenant_a.customer.is_officer


def test_several_roles_at_once(tenant_a, tenant_b):
    from customers.models import CustomerMembership

    user = tenant_a.coordinator
    CustomerMembership.objects.create(user=user, organization=tenant_b.organization)
    forget_roles(user)
    assert user.roles == ["coordinator", "customer"]
    assert roles_of(user).agency_ids == (tenant_a.agency.pk,)
    assert roles_of(user).organization_ids == (tenant_b.organization.pk,)


def test_inactive_and_anonymous_users_have_no_role(tenant_a):
    tenant_a.officer.is_active = False
    forget_roles(tenant_a.officer)
    assert roles_of(tenant_a.officer).names == ()
    assert roles_of(AnonymousUser()).names == ()


def test_an_inactive_officer_profile_is_not_an_officer(tenant_a):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        tenant_a.officer_profile.active = False
        tenant_a.officer_profile.save()
    assert tenant_a.officer.roles == []


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("job.approve", {"agency_admin", "coordinator"}),
        ("assignment.substitute", {"agency_admin", "coordinator"}),
        ("officer.invite", {"agency_admin", "coordinator"}),
        ("position.claim", {"officer"}),
        ("job.request", {"customer"}),
    ],
)
def test_api_permissions_by_role_come_from_the_policy(tenant_a, outsider, action, allowed):
    """The API's permission classes (``policy.Can``) answer the role-level question by role."""
    permission = policy.Can(action)
    request = APIRequestFactory().get("/")
    for role, user in [*tenant_a.people.items(), ("outsider", outsider)]:
        request.user = user
        assert permission().has_permission(request, None) is (role in allowed), role
    request.user = AnonymousUser()
    assert permission().has_permission(request, None) is False

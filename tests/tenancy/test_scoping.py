"""PLAT-TENANT-1: tenant models are scoped in one place (detailhire.tenancy)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_scopes import ScopeError, scope, scopes_disabled

from customers.models import CustomerMembership, CustomerOrganization
from detailhire import tenancy
from officers.models import Officer

pytestmark = pytest.mark.django_db


def test_officer_of_agency_a_sees_only_agency_a_officers_plat_tenant_1(tenant_a, tenant_b):
    """PLAT-TENANT-1."""
    with tenancy.user_scope(tenant_a.officer):
        assert list(Officer.objects.all()) == [tenant_a.officer_profile]
        assert not Officer.objects.filter(pk=tenant_b.officer_profile.pk).exists()


def test_staff_of_agency_b_see_only_agency_b_officers_plat_tenant_1(tenant_a, tenant_b):
    """PLAT-TENANT-1."""
    for user in (tenant_b.admin, tenant_b.coordinator):
        with tenancy.user_scope(user):
            assert list(Officer.objects.values_list("pk", flat=True)) == [
                tenant_b.officer_profile.pk
            ]


def test_related_managers_are_scoped_too_plat_tenant_1(tenant_a, tenant_b):
    """PLAT-TENANT-1."""
    with tenancy.user_scope(tenant_a.coordinator):
        assert list(tenant_b.agency.officers.all()) == []
        assert list(tenant_a.agency.officers.all()) == [tenant_a.officer_profile]


def test_query_outside_any_scope_raises_scope_error(tenant_a):
    with pytest.raises(ScopeError):
        list(Officer.objects.all())
    with pytest.raises(ScopeError):
        Officer.objects.get(pk=tenant_a.officer_profile.pk)
    with pytest.raises(ScopeError):
        CustomerOrganization.objects.count()
    for read in (
        lambda: Officer.objects.exists(),
        lambda: Officer.objects.in_bulk([tenant_a.officer_profile.pk]),
        lambda: Officer.objects.contains(tenant_a.officer_profile),
        lambda: Officer.objects.exclude(pk=0),
        lambda: list(Officer.objects.select_related("user")),
        lambda: Officer.objects.values_list("pk"),
    ):
        with pytest.raises(ScopeError):
            read()
    assert list(Officer.objects.none()) == []


def test_scopes_disabled_sees_every_tenant(tenant_a, tenant_b):
    with scopes_disabled():
        assert Officer.objects.count() == 2
        assert CustomerOrganization.objects.count() == 2


def test_customer_sees_only_their_organization_plat_tenant_1(tenant_a, tenant_b):
    """PLAT-TENANT-1."""
    with tenancy.user_scope(tenant_a.customer):
        assert list(CustomerOrganization.objects.all()) == [tenant_a.organization]
        assert [m.user for m in CustomerMembership.objects.all()] == [tenant_a.customer]
        # No job with any agency yet: no agency's officers are the customer's business.
        assert list(Officer.objects.all()) == []


def test_anonymous_and_roleless_users_see_no_tenant_data(tenant_a, outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), outsider, None):
        with tenancy.user_scope(user):
            assert Officer.objects.count() == 0
            assert CustomerOrganization.objects.count() == 0


def test_staff_see_no_customer_organization_that_never_booked_with_them(tenant_a, tenant_b):
    with tenancy.user_scope(tenant_a.coordinator):
        assert list(CustomerOrganization.objects.all()) == []


def test_dimension_values_list_none_and_subquery(tenant_a, tenant_b):
    a, b = tenant_a.agency.pk, tenant_b.agency.pk
    with scope(agency=[a, b]):
        assert Officer.objects.count() == 2
    with scope(agency=None):
        assert Officer.objects.count() == 2
    with scope(agency=b):
        assert Officer.objects.get().pk == tenant_b.officer_profile.pk
    with scopes_disabled():
        subquery = Officer._base_manager.filter(pk=tenant_a.officer_profile.pk).values("agency")
    with scope(agency=subquery):
        assert Officer.objects.get().pk == tenant_a.officer_profile.pk


def test_manager_overrides(tenant_a, tenant_b):
    assert Officer.objects.with_scopes_disabled().count() == 2
    assert Officer.objects.with_scope(agency=tenant_a.agency.pk).get() == tenant_a.officer_profile


def test_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="Unknown tenancy dimension"):
        tenancy.ScopedManager(tenant="agency")


def test_creating_rows_needs_no_scope(tenant_a):
    from datetime import date

    from tests.tenants import make_user

    user = make_user("new-officer@alpha.test")
    officer = Officer.objects.create(
        user=user,
        agency=tenant_a.agency,
        rank="officer",
        badge_number="A-1",
        seniority_date=date(2020, 1, 1),
    )
    assert officer.pk


def test_management_commands_run_with_scopes_disabled(tenant_a, tenant_b):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("dumpdata", "officers.officer", stdout=out)
    assert len(json.loads(out.getvalue())) == 2


def sees_nothing(user) -> dict:
    """A stand-in resolver: nobody sees any tenant data."""
    return tenancy.anonymous_scope()


def test_the_platform_asks_the_resolver_named_in_settings(tenant_a, settings):
    """detailhire.tenancy knows no domain model: the scope of a user is what the resolver named
    by TENANCY_SCOPE_RESOLVER answers (accounts.scopes.scope_for_user in DetailHire)."""
    assert settings.TENANCY_SCOPE_RESOLVER == "accounts.scopes.scope_for_user"
    with tenancy.user_scope(tenant_a.officer):
        assert list(Officer.objects.all()) == [tenant_a.officer_profile]
    settings.TENANCY_SCOPE_RESOLVER = f"{__name__}.sees_nothing"
    with tenancy.user_scope(tenant_a.officer):
        assert list(Officer.objects.all()) == []
    settings.TENANCY_SCOPE_RESOLVER = ""
    with pytest.raises(ImproperlyConfigured):
        tenancy.scope_for_user(tenant_a.officer)

"""The Django admin works with scoped models: superusers see every tenant there, and only there."""

import pytest
from django.http import HttpRequest
from django_scopes import get_scope

from accounts.models import User
from detailhire.tenancy import TenancyMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@platform.test", password=None)


def test_superuser_sees_every_agencys_officers_in_the_admin(client, superuser, tenant_a, tenant_b):
    client.force_login(superuser)
    page = client.get("/admin/officers/officer/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "ALPHA-4471" in body and "ZULU-4471" in body
    change = client.get(f"/admin/officers/officer/{tenant_b.officer_profile.pk}/change/")
    assert change.status_code == 200


def test_admin_pages_of_customer_organizations(client, superuser, tenant_a, tenant_b):
    client.force_login(superuser)
    assert client.get("/admin/customers/customerorganization/").status_code == 200
    url = f"/admin/customers/customerorganization/{tenant_b.organization.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{tenant_b.customer.pk}"' in page.content.decode()  # the membership inline
    assert client.get("/admin/accounts/user/").status_code == 200


def test_superuser_outside_the_admin_has_no_special_scope(client, superuser, tenant_b):
    """Scopes are disabled for superusers in the admin site only, not across the app."""
    request = HttpRequest()
    request.path_info = "/api/v1/auth/me/"
    request.user = superuser
    middleware = TenancyMiddleware(lambda r: None)
    with middleware._scope_for(request):
        assert get_scope()["agency"] == []
    request.path_info = "/admin/officers/officer/"
    with middleware._scope_for(request):
        assert get_scope()["_enabled"] is False

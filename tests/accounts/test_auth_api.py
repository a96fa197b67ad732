"""API auth (docs/api.md): POST /api/v1/auth/token/ and GET /api/v1/auth/me/."""

import pytest
from allauth.account.models import EmailAddress
from rest_framework.test import APIClient

from tests.tenants import token_for

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"


@pytest.fixture
def api():
    return APIClient()


def _with_password(user, password="correct horse battery"):
    user.set_password(password)
    user.save()
    return password


def test_token_for_email_and_password(api, tenant_a):
    password = _with_password(tenant_a.officer)
    response = api.post(TOKEN_URL, {"email": "OFFICER@alpha.test", "password": password})
    assert response.status_code == 200, response.json()
    token = response.json()["token"]
    assert token == token_for(tenant_a.officer)
    me = api.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["email"] == "officer@alpha.test"


def test_token_accepts_form_data_too(api, tenant_a):
    password = _with_password(tenant_a.customer)
    response = api.post(TOKEN_URL, {"email": tenant_a.customer.email, "password": password})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "officer@alpha.test", "password": "wrong"}, "password"),
        ({"email": "nobody@alpha.test", "password": "whatever"}, "password"),
        ({"password": "whatever"}, "email"),
        ({"email": "officer@alpha.test"}, "password"),
        ({"email": "not-an-email", "password": "x"}, "email"),
        ({}, "email"),
    ],
)
def test_bad_credentials_answer_400_naming_the_field(api, tenant_a, body, field):
    _with_password(tenant_a.officer)
    response = api.post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["field"] == field
    assert data["errors"][field] == [data["detail"]]
    assert "token" not in data


def test_bad_credentials_message_is_readable(api, tenant_a):
    _with_password(tenant_a.officer)
    response = api.post(TOKEN_URL, {"email": "officer@alpha.test", "password": "nope"})
    assert response.json()["detail"] == "The email address or password is not correct."
    response = api.post(TOKEN_URL, {"password": "nope"}, format="json")
    assert response.json()["detail"] == "Email address is required."


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.post(TOKEN_URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_inactive_user_gets_no_token(api, tenant_a):
    password = _with_password(tenant_a.officer)
    tenant_a.officer.is_active = False
    tenant_a.officer.save()
    response = api.post(TOKEN_URL, {"email": "officer@alpha.test", "password": password})
    assert response.status_code == 400
    assert response.json()["field"] == "password"


def test_unverified_email_gets_no_token_while_verification_is_mandatory(api, tenant_a, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    password = _with_password(tenant_a.customer)
    EmailAddress.objects.filter(user=tenant_a.customer).update(verified=False)
    response = api.post(TOKEN_URL, {"email": tenant_a.customer.email, "password": password})
    assert response.status_code == 400
    assert response.json()["field"] == "email"
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    response = api.post(TOKEN_URL, {"email": tenant_a.customer.email, "password": password})
    assert response.status_code == 200


def test_token_requests_are_throttled(api, tenant_a):
    """Failed ones after 5 (the failed-login limit, shared with the HTML login)."""
    statuses = [
        api.post(TOKEN_URL, {"email": "officer@alpha.test", "password": "guess"}).status_code
        for _ in range(21)
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5:] == [429] * 16


def test_successful_token_requests_are_throttled_after_20_a_minute(api, tenant_a):
    password = _with_password(tenant_a.officer)
    statuses = [
        api.post(TOKEN_URL, {"email": "officer@alpha.test", "password": password}).status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_me_without_auth_is_401(api):
    response = api.get(ME_URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_with_a_bad_token_is_401(api):
    assert api.get(ME_URL, HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_me_for_an_officer(api, tenant_a):
    response = api.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token_for(tenant_a.officer)}")
    assert response.json() == {
        "id": tenant_a.officer.pk,
        "email": "officer@alpha.test",
        "full_name": "Alpha Officer Person",
        "phone": "",
        "roles": ["officer"],
        "agency": "alpha",
        "agencies": ["alpha"],
        "organizations": [],
        "officer": {
            "id": tenant_a.officer_profile.pk,
            "agency": "alpha",
            "rank": "officer",
            "badge_number": "ALPHA-4471",
            "specialties": ["motorcycle"],
        },
    }


def test_me_for_staff_and_customers(api, tenant_a):
    api.force_authenticate(tenant_a.admin)
    data = api.get(ME_URL).json()
    assert (data["roles"], data["agency"], data["officer"]) == (["agency_admin"], "alpha", None)
    api.force_authenticate(tenant_a.customer)
    data = api.get(ME_URL).json()
    assert data["roles"] == ["customer"]
    assert data["agency"] is None
    assert data["organizations"] == [{"id": tenant_a.organization.pk, "name": "Alpha Catering Co"}]


def test_me_with_a_browser_session(client, tenant_a):
    client.force_login(tenant_a.coordinator)
    response = client.get(ME_URL)
    assert response.status_code == 200
    assert response.json()["roles"] == ["coordinator"]


@pytest.mark.urls("tests.tenancy.scoped_views")
def test_force_authenticated_api_client_gets_the_users_scope(api, tenant_a, tenant_b):
    """APIClient.force_authenticate skips the authentication classes; the scope still follows."""
    api.force_authenticate(tenant_a.coordinator)
    response = api.get(f"/tenancy-test/api/officers/{tenant_a.officer_profile.pk}/")
    assert response.status_code == 200
    assert response.json()["badge_number"] == "ALPHA-4471"
    response = api.get(f"/tenancy-test/api/officers/{tenant_b.officer_profile.pk}/")
    assert response.status_code == 404

"""API tokens expire, are revoked by a password change or reset, and their user lists and
revokes them (GET /api/v1/auth/tokens/, DELETE /api/v1/auth/tokens/<id>/)."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.tenants import token_for

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"
NEW_PASSWORD = "another-long-passphrase-77"
ME_URL = "/api/v1/auth/me/"
TOKENS_URL = "/api/v1/auth/tokens/"


@pytest.fixture
def owner(tenant_a):
    user = tenant_a.customer
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def api(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def issue(user) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def age(token: str, days: float) -> None:
    Token.objects.filter(key=token).update(created=timezone.now() - timedelta(days=days))


def test_a_token_expires_after_30_days_and_a_new_one_is_issued(owner):
    token = issue(owner)
    age(token, 29.9)
    assert api(token).get(ME_URL).status_code == 200
    age(token, 30.1)
    expired = api(token).get(ME_URL)
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]
    fresh = issue(owner)
    assert fresh != token
    assert api(fresh).get(ME_URL).status_code == 200


def test_the_token_lifetime_is_a_setting(owner, settings):
    settings.API_TOKEN_TTL = timedelta(hours=1)
    token = issue(owner)
    age(token, 0.05)
    assert api(token).get(ME_URL).status_code == 401


def test_the_token_endpoint_replaces_an_expired_token(owner):
    token = issue(owner)
    age(token, 31)
    assert issue(owner) != token
    assert Token.objects.filter(user=owner).count() == 1


def test_changing_the_password_revokes_the_token(owner):
    token = issue(owner)
    browser = Client()
    browser.force_login(owner)
    response = browser.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api(token).get(ME_URL).status_code == 401
    assert not Token.objects.filter(user=owner).exists()


def test_resetting_the_password_revokes_the_token(owner, mailoutbox):
    token = issue(owner)
    browser = Client()
    assert browser.post("/accounts/password/reset/", {"email": owner.email}).status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    form = browser.get(link.group(1), follow=True)
    done = browser.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert api(token).get(ME_URL).status_code == 401


def test_set_password_anywhere_revokes_the_token(owner):
    token = issue(owner)
    owner.set_password(NEW_PASSWORD)
    owner.save()
    assert api(token).get(ME_URL).status_code == 401


def test_saving_the_user_otherwise_keeps_the_token(owner):
    token = issue(owner)
    owner.full_name = "Renamed"
    owner.save()
    assert api(token).get(ME_URL).status_code == 200


def test_the_user_lists_and_revokes_their_token(owner):
    token = issue(owner)
    listed = api(token).get(TOKENS_URL)
    assert listed.status_code == 200
    (row,) = listed.json()
    assert set(row) == {"id", "created", "expires", "current"}
    assert row["current"] is True
    assert token not in str(listed.json())
    created = Token.objects.get(key=token).created
    assert row["expires"].startswith((created + timedelta(days=30)).date().isoformat())
    assert api(token).delete(f"{TOKENS_URL}{row['id']}/").status_code == 204
    assert api(token).get(ME_URL).status_code == 401


def test_a_browser_session_lists_and_revokes_the_users_token(owner):
    token = issue(owner)
    browser = APIClient()
    browser.force_login(owner)
    (row,) = browser.get(TOKENS_URL).json()
    assert row["current"] is False
    assert browser.delete(f"{TOKENS_URL}{row['id']}/").status_code == 204
    assert api(token).get(ME_URL).status_code == 401


def test_nobody_revokes_another_users_token(owner, tenant_b):
    mine = issue(owner)
    (row,) = api(mine).get(TOKENS_URL).json()
    theirs = token_for(tenant_b.customer)
    assert api(theirs).delete(f"{TOKENS_URL}{row['id']}/").status_code == 404
    assert api(theirs).delete(f"{TOKENS_URL}no-such-token/").status_code == 404
    assert api(mine).get(ME_URL).status_code == 200
    assert APIClient().get(TOKENS_URL).status_code == 401

"""Sign-up, email verification, login and password reset by email (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


@pytest.fixture(autouse=True)
def _mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def _link(message, marker: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/accounts/{marker}/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def _sign_up(client, email="new.customer@example.com"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signup_sends_a_verification_email(client, mailoutbox):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.customer@example.com")
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.customer@example.com"]
    assert message.subject.startswith("[DetailHire]")
    assert _link(message, "confirm-email")


def test_unverified_user_cannot_log_in_until_they_confirm(client, mailoutbox):
    _sign_up(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.customer@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm = _link(mailoutbox[0], "confirm-email")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert EmailAddress.objects.get(email="new.customer@example.com").verified

    response = client.post(
        "/accounts/login/", {"login": "NEW.customer@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/org/start/"  # no organization yet: create or join one
    assert client.get("/api/v1/auth/me/").json()["email"] == "new.customer@example.com"


def test_signup_with_a_taken_email_creates_nothing_and_tells_the_owner(
    client, tenant_a, mailoutbox
):
    """allauth prevents account enumeration: the page looks the same, the owner gets an email."""
    response = _sign_up(client, email="CUSTOMER@alpha.test")
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="customer@alpha.test").count() == 1
    assert [m.to for m in mailoutbox] == [["customer@alpha.test"]]
    assert "_auth_user_id" not in client.session


def test_login_with_a_wrong_password_shows_the_form_again(client, tenant_a):
    tenant_a.customer.set_password(PASSWORD)
    tenant_a.customer.save()
    response = client.post("/accounts/login/", {"login": "customer@alpha.test", "password": "no"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, tenant_a, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "customer@alpha.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    reset = _link(mailoutbox[0], "password/reset/key")
    form = client.get(reset, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else reset,
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    tenant_a.customer.refresh_from_db()
    assert tenant_a.customer.check_password(PASSWORD)

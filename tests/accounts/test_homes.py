"""After login every role lands on the home made for it, not on the public marketing page."""

import pytest
from allauth.account.models import EmailAddress

PASSWORD = "a-long-enough-passphrase-42"


def _log_in(client, user, next_url=""):
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.filter(user=user).update(verified=True)
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("admin", "/staff/"),
        ("coordinator", "/staff/"),
        ("officer", "/officer/board/"),
        ("customer", "/jobs/"),
    ],
)
def test_each_role_lands_on_its_home(client, tenant_a, role, home):
    response = _log_in(client, getattr(tenant_a, role))
    assert response.status_code == 302
    assert response["Location"] == home
    assert client.get(home).status_code == 200


def test_a_user_without_a_role_is_asked_to_create_or_join_an_organization(client, outsider):
    response = _log_in(client, outsider)
    assert response["Location"] == "/org/start/"


def test_a_safe_next_still_wins(client, tenant_a):
    response = _log_in(client, tenant_a.customer, next_url="/org/")
    assert response["Location"] == "/org/"


def test_an_unsafe_next_is_ignored(client, tenant_a):
    response = _log_in(client, tenant_a.officer, next_url="https://evil.example/")
    assert response["Location"] == "/officer/board/"

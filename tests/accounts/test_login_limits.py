"""Failed logins are limited where a forged header cannot reach: per client address (the one
behind TRUSTED_PROXY_COUNT proxies), per account and client, and per account across clients;
the HTML login and the API's token endpoint share one count; nobody can lock an owner out."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"
TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def owner(tenant_a):
    user = tenant_a.customer
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def token_request(email, password, address="203.0.113.7", client=None, **headers):
    client = client or APIClient()
    return client.post(
        TOKEN_URL, {"email": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def html_login(email, password, address="203.0.113.7", client=None):
    client = client or Client()
    return client.post(LOGIN_URL, {"login": email, "password": password}, REMOTE_ADDR=address)


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_a_forged_x_forwarded_for_does_not_escape_the_token_limit(owner):
    """100 guesses, each naming another address in X-Forwarded-For: limited after 5, and the
    right password gets no token from that client afterwards."""
    statuses = [
        token_request(owner.email, f"guess-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(100)
    ]
    assert statuses[:5] == [400] * 5
    assert set(statuses[5:]) == {429}
    right = token_request(owner.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert right.status_code == 429
    assert "token" not in right.json()


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_client(owner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    # the attacker forges the first entries; the proxy appends the address it saw (the last)
    for n in range(5):
        forged = f"192.0.2.{n}, 198.51.100.9"
        assert (
            token_request(owner.email, "guess", proxy, HTTP_X_FORWARDED_FOR=forged).status_code
            == 400
        )
    refused = token_request(
        owner.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )
    assert refused.status_code == 429
    # the owner, behind the same proxy from another address, gets a token
    mine = token_request(owner.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert mine.status_code == 200 and mine.json()["token"]


def test_failing_on_purpose_cannot_lock_the_owner_out_of_the_html_login(owner):
    attacker = Client()
    for _ in range(5):
        assert html_login(owner.email, "wrong", "198.51.100.66", attacker).status_code == 200
    refused = html_login(owner.email, PASSWORD, "198.51.100.66", attacker)
    assert not logged_in(refused) and TOO_MANY in refused.content.decode()
    assert logged_in(html_login(owner.email, PASSWORD, "203.0.113.7"))


def test_the_html_login_and_the_token_endpoint_share_one_failure_count(owner):
    for _ in range(3):
        assert token_request(owner.email, "wrong").status_code == 400
    for _ in range(2):
        assert html_login(owner.email, "wrong").status_code == 200
    assert token_request(owner.email, PASSWORD).status_code == 429
    refused = html_login(owner.email, PASSWORD)
    assert not logged_in(refused) and TOO_MANY in refused.content.decode()


def test_guessing_from_many_addresses_is_limited_per_account(owner, settings):
    """Every address stays under its own limit; the account's own limit across addresses
    refuses new clients, while a browser and an address that logged in as the owner before
    still get in."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "10/h/key",
    }
    browser = Client()
    assert logged_in(html_login(owner.email, PASSWORD, "203.0.113.7", browser))
    browser.post("/accounts/logout/")  # a real logout keeps the browser's other cookies
    assert token_request(owner.email, PASSWORD, "203.0.113.8").status_code == 200
    for n in range(10):
        assert token_request(owner.email, "guess", f"198.51.100.{n}").status_code == 400
    assert token_request(owner.email, PASSWORD, "198.51.100.200").status_code == 429
    new_browser = html_login(owner.email, PASSWORD, "198.51.100.201")
    assert not logged_in(new_browser) and TOO_MANY in new_browser.content.decode()
    # the owner's browser (its cookie) and the owner's script's address are let in
    assert logged_in(html_login(owner.email, PASSWORD, "198.51.100.202", browser))
    assert token_request(owner.email, PASSWORD, "203.0.113.8").status_code == 200


def test_one_address_guessing_across_accounts_is_limited(owner, tenant_a):
    """Password spraying: one password tried on many accounts from one address."""
    emails = [f"someone{n}@example.com" for n in range(10)]
    for email in emails:
        assert token_request(email, "Spring2027!").status_code == 400
    assert token_request("another@example.com", "Spring2027!").status_code == 429
    assert html_login(owner.email, PASSWORD).status_code == 200  # that address waits a minute
    assert logged_in(html_login(owner.email, PASSWORD, "203.0.113.99"))

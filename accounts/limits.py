"""Failed logins: one count for the HTML login (allauth) and the API's token endpoint.

Both ask allauth's account adapter to authenticate (accounts/adapter.py), so a failure counts the
same wherever it happened. The limits (``ACCOUNT_RATE_LIMITS`` in settings):

- ``login_failed`` (allauth's own): per client address across accounts (password spraying from
  one address), and per account *and* client address. Never per account alone: someone who knows
  an address cannot lock its owner out; only their own client is refused.
- ``login_failed_account``: per account across every client address (guessing one account's
  password from many addresses). It refuses only clients the account has not logged in from
  before: a browser that logged in as the account carries a signed cookie naming it, and an
  address that logged in as it is remembered for a while, so the owner still gets in.

The client address comes from ``allauth``'s ``get_client_ip``: ``REMOTE_ADDR``, or the
X-Forwarded-For entry added by the last of ``TRUSTED_PROXY_COUNT`` proxies (settings): a forged
X-Forwarded-For from the client itself is never believed.
"""

from __future__ import annotations

import hashlib

from allauth.core import ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache

ACCOUNT_ACTION = "login_failed_account"
TRUSTED_COOKIE = "detailhire_login"
TRUSTED_SALT = "accounts.limits.trusted"
TRUSTED_ACCOUNTS_PER_BROWSER = 5


def normalized(email: str) -> str:
    return (email or "").strip().lower()


def client_address(request) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)


def account_client_key(request, email: str) -> str:
    """The key of allauth's per-key ``login_failed`` limit: the account and the client."""
    return f"{normalized(email)}|{client_address(request)}"


def _digest(email: str) -> str:
    return hashlib.sha256(normalized(email).encode()).hexdigest()[:24]


def _trusted_address_key(request, email: str) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    return f"accounts:login-trusted:{_digest(email)}:{address}"


def _trusted_days() -> int:
    return int(getattr(settings, "LOGIN_TRUSTED_CLIENT_DAYS", 30))


def _cookie_accounts(request) -> list[str]:
    try:
        value = request.get_signed_cookie(
            TRUSTED_COOKIE, salt=TRUSTED_SALT, max_age=_trusted_days() * 86400
        )
    except (KeyError, signing.BadSignature):
        return []
    return [item for item in value.split(",") if item]


def is_trusted_client(request, email: str) -> bool:
    """Has this client logged in as this account before (its browser cookie or its address)?"""
    if _digest(email) in _cookie_accounts(request):
        return True
    return bool(cache.get(_trusted_address_key(request, email)))


def account_is_refused(request, email: str) -> bool:
    """True when the account has had too many failures from all clients together and this
    client is not one it logged in from."""
    if is_trusted_client(request, email):
        return False
    return not ratelimit.consume(
        request, action=ACCOUNT_ACTION, key=normalized(email), dry_run=True
    )


def record_failure(request, email: str) -> None:
    ratelimit.consume(request, action=ACCOUNT_ACTION, key=normalized(email))


def record_success(request, email: str, response=None) -> None:
    """Remember this client for the account: its address (cache) and, for a browser, a signed
    cookie on ``response``."""
    days = _trusted_days()
    cache.set(_trusted_address_key(request, email), True, days * 86400)
    if response is None or not hasattr(response, "set_signed_cookie"):
        return
    digest = _digest(email)
    accounts = [item for item in _cookie_accounts(request) if item != digest]
    accounts = [digest, *accounts][:TRUSTED_ACCOUNTS_PER_BROWSER]
    response.set_signed_cookie(
        TRUSTED_COOKIE,
        ",".join(accounts),
        salt=TRUSTED_SALT,
        max_age=days * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_failures(request, email: str) -> None:
    """After a password reset the account's owner is in control again: its count starts over."""
    ratelimit.clear(request, action=ACCOUNT_ACTION, key=normalized(email))

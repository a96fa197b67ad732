"""API tokens: DRF's token (one per user), which expires and is revoked when the password changes.

- A token is good for ``API_TOKEN_TTL`` (settings, default 30 days) from when it was issued;
  after that it authenticates nobody and ``POST /api/v1/auth/token/`` issues a new one.
- Changing or resetting the password (allauth's pages, the admin, ``changepassword``) deletes the
  user's token: whoever held it must log in again.
- The user lists their token (``GET /api/v1/auth/tokens/``) and revokes it
  (``DELETE /api/v1/auth/tokens/<id>/``); ``id`` is a digest of the key, never the key.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import ScopedTokenAuthentication

EXPIRED = "Token has expired: request a new one with POST /api/v1/auth/token/."


def ttl() -> timedelta:
    value = getattr(settings, "API_TOKEN_TTL", timedelta(days=30))
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def expires_at(token: Token) -> datetime:
    return token.created + ttl()


def is_expired(token: Token, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def public_id(token: Token) -> str:
    """A stable, non-secret name for the token (the key itself is the credential)."""
    return hashlib.sha256(token.key.encode()).hexdigest()[:16]


def issue(user) -> Token:
    """The user's token, a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    if token is None:
        token, _created = Token.objects.get_or_create(user=user)
    return token


def tokens_of(user) -> list[Token]:
    return [token for token in Token.objects.filter(user=user) if not is_expired(token)]


def revoke_all(user) -> int:
    deleted, _kinds = Token.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenAuthentication(ScopedTokenAuthentication):
    """The tenancy-aware token authentication that refuses an expired token (and deletes it)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            Token.objects.filter(key=token.key).delete()
            raise AuthenticationFailed(_(EXPIRED))
        return user, token


def _revoke_on_password_change(sender, instance, created, **kwargs):
    """``set_password`` leaves the new password in ``_password`` until the save completes: a
    saved password change revokes the user's API token."""
    if created or getattr(instance, "_password", None) is None:
        return
    revoke_all(instance)


def connect() -> None:
    post_save.connect(
        _revoke_on_password_change,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="accounts.tokens.revoke_on_password_change",
    )

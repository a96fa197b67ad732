"""API token authentication: the token, its user and the user's roles in one statement, and the
caller's tenant scope entered (``detailhire.tenancy.ScopeOnAuthenticate``).

Every API request with a token runs this, so it is one round trip: the token row joined to its
user row and, laterally, to the user's roles (``accounts.roles.roles_sql``, the same statement
``roles_of`` runs on its own), prepared on the server once per connection
(``detailhire.db.fetch_rows``). accounts/README.md says why it is SQL and not DRF's ORM lookup.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.roles import ROLE_COLUMNS, remember_roles, roles_from_rows, roles_sql
from detailhire.db import fetch_rows
from detailhire.tenancy import ScopeOnAuthenticate

__all__ = ["ScopedTokenAuthentication"]


class ScopedTokenAuthentication(ScopeOnAuthenticate, TokenAuthentication):
    """DRF token authentication that also enters the caller's tenant scope.

    The token, its user and the user's roles are read on every request (a deleted token or a
    removed role counts at once). Same answers as DRF's: "Invalid token." for an unknown key,
    "User inactive or deleted." for an inactive user. Where the statement does not apply (not
    PostgreSQL, or a custom token model) it is DRF's own lookup, and ``roles_of`` reads the roles
    with the same roles statement when first asked."""

    def authenticate_credentials(self, key):
        from rest_framework.authtoken.models import Token

        statement = _token_statement() if self.get_model() is Token else None
        if statement is None:
            return super().authenticate_credentials(key)
        sql, user_model, user_fields = statement
        rows = fetch_rows(sql, [key])
        if not rows:
            raise AuthenticationFailed(_("Invalid token."))
        first = rows[0]
        user = user_model.from_db("default", user_fields, first[3 : 3 + len(user_fields)])
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        # cached on the user: roles_of asks no second query
        remember_roles(user, roles_from_rows([row[-ROLE_COLUMNS:] for row in rows]))
        token = Token.from_db("default", ["key", "user_id", "created"], first[:3])
        token._state.fields_cache["user"] = user
        return user, token


_TOKEN_SQL: tuple | None = None


def _token_statement() -> tuple | None:
    """(SQL, user model, user field attnames): a token key's token, user and role rows (one row
    per role row, at least one), one query. None where the rows would need Django's value
    converters (SQLite text dates, JSON fields) or a lateral join is not available: PostgreSQL's
    binary results are already Python values."""
    global _TOKEN_SQL
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    if _TOKEN_SQL is None:
        from django.contrib.auth import get_user_model
        from rest_framework.authtoken.models import Token

        q = connection.ops.quote_name
        user_model = get_user_model()
        fields = list(user_model._meta.concrete_fields)
        token_fields = [Token._meta.get_field(name) for name in ("key", "user", "created")]
        if any(field.get_db_converters(connection) for field in fields + token_fields):
            _TOKEN_SQL = ()
            return None

        def col(model, name, alias):
            return f"{alias}.{q(model._meta.get_field(name).column)}"

        user_columns = ", ".join(f"u.{q(field.column)}" for field in fields)
        user_id = f"u.{q(user_model._meta.pk.column)}"
        # identifiers from the models' metadata only; the key is the one query parameter
        sql = (
            f"SELECT {col(Token, 'key', 't')}, {col(Token, 'user', 't')}, "  # noqa: S608
            f"{col(Token, 'created', 't')}, {user_columns}, r.* "
            f"FROM {q(Token._meta.db_table)} t INNER JOIN {q(user_model._meta.db_table)} u "
            f"ON {col(Token, 'user', 't')} = {user_id} "
            f"LEFT JOIN LATERAL ({roles_sql(user_id)}) r ON TRUE "
            f"WHERE {col(Token, 'key', 't')} = %s"
        )
        _TOKEN_SQL = (sql, user_model, [field.attname for field in fields])
    return _TOKEN_SQL or None

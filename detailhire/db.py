"""Reads on the few hot paths every API request runs (token and roles, the job board).

``fetch_rows`` runs one read statement through Django's connection: on PostgreSQL it is
prepared on the server once per connection and its results come back binary (real datetimes
whatever the server's DateStyle); elsewhere it is a plain cursor. Set ``"prepare_threshold":
None`` in the database OPTIONS to turn preparation off (a pooler in transaction mode)."""

from __future__ import annotations

import time


def fetch_rows(sql: str, params) -> list[tuple]:
    """The rows of one read statement (``%s`` placeholders) on the default database.

    For the few statements every API request runs (token, roles, the job board): on PostgreSQL
    the statement is prepared on the server once per connection (no parsing or planning on the
    next calls; Django leaves psycopg's automatic preparation off) and results come in binary, so
    times are real datetimes whatever the server's DateStyle. Through Django's cursor wrapper:
    logged, counted and error-wrapped as any query. Elsewhere (SQLite) a plain cursor."""
    from django.db import connection

    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _PreparedCursor(connection.connection)
    connection.validate_thread_sharing()
    started = time.monotonic()
    # Django's plain wrapper (execute wrappers, error wrapping); logged here rather than by its
    # debug wrapper, which reads the query text back from psycopg and finds none once prepared
    with connection.make_cursor(raw) as cursor:
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            if connection.queries_logged:
                elapsed = f"{time.monotonic() - started:.3f}"
                logged = f"{sql} -- {list(params)!r}"
                connection.queries_log.append({"sql": logged, "time": elapsed})


def _prepared_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, prepared, binary results (see ``fetch_rows``)."""

        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True, binary=True)

    return PreparedCursor


def _PreparedCursor(raw_connection):  # noqa: N802 - built on first use (psycopg on PostgreSQL only)
    global _PREPARED_CURSOR
    if _PREPARED_CURSOR is None:
        _PREPARED_CURSOR = _prepared_cursor_class()
    from django.db import connection

    if raw_connection.prepare_threshold is None and prepared_statements_allowed(
        connection.settings_dict
    ):
        # Django turns psycopg's preparation off (prepare_threshold None), which also refuses an
        # explicit ``prepare=True``. A threshold no query reaches keeps automatic preparation
        # off (Django's own cursors bind on the client and never prepare anyway) and lets these
        # statements be prepared.
        raw_connection.prepare_threshold = _NO_AUTOMATIC_PREPARE
    return _PREPARED_CURSOR(raw_connection)


_NO_AUTOMATIC_PREPARE = 2**62


def prepared_statements_allowed(settings_dict) -> bool:
    """False when a database's settings ask for no prepared statements (``"prepare_threshold":
    None`` in its OPTIONS, as behind a connection pooler in transaction mode)."""
    options = settings_dict.get("OPTIONS") or {}
    return not ("prepare_threshold" in options and options["prepare_threshold"] is None)


_PREPARED_CURSOR = None


def longest_span(model, start: str = "starts_at", end: str = "ends_at"):
    """The longest ``end - start`` of any row of ``model`` (a timedelta; None when the table is
    empty), read through the model's unscoped manager. With an expression index on
    ``end - start`` it is one index read: the lower bound that turns "not over yet, soonest
    first" into a short range of the ``start`` index (``start >= now - longest``) instead of a
    walk from the oldest row (docs/operations.md, "Scale")."""
    from django.db.models import F, Max

    return model._base_manager.aggregate(span=Max(F(end) - F(start)))["span"]

"""Django's PostgreSQL backend with two changes for the short API requests (settings use it for
every ``postgres://`` DATABASE_URL).

Generic plans for prepared statements. The few statements every API request runs (token and
roles, the job board: ``detailhire.db.fetch_rows``) are prepared once per connection and written
for it: code constants inline, only the caller's values as parameters. PostgreSQL's default
would still plan the job board anew on every execution (its custom plans look cheaper on paper),
and planning that three-table join costs more than running it; ``plan_cache_mode =
force_generic_plan`` keeps the one plan. Django's own queries are not prepared, so it changes
nothing for them. Not set when prepared statements are turned off (a pooler in transaction
mode: ``DATABASE_PREPARED_STATEMENTS=0``), where a session setting would leak to other clients.

No JIT. PostgreSQL compiles a query to machine code once its estimated cost passes
``jit_above_cost``; on the big counts and lists of a large database that compiling cost 55-154 ms
and saved nothing (every query of a page is short, docs/operations.md "Scale"). ``SET jit = off``
with the connection's other settings, in the same round trip; harmless behind a pooler too.

A health check without a round trip. Connections are kept between requests (``CONN_MAX_AGE``)
and checked before a request's first query (``CONN_HEALTH_CHECKS``). Django's check sends
``SELECT 1`` each time: on the short API requests that is a whole extra round trip. An idle
connection the server has not written to since its last answer is alive as far as a query could
tell: a server that closes it (restart, ``pg_terminate_backend``, idle timeout) writes its
goodbye and closes the socket, which makes the socket readable. So: idle and nothing to read,
alive; anything else (something to read, a transaction left open, a broken or closed
connection) gets Django's ``SELECT 1``, and a failed one is replaced before the query runs. A
connection that is lost without a word (a cable pulled) would pass either check until a query
times out."""

from __future__ import annotations

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from detailhire.db import prepared_statements_allowed


class DatabaseWrapper(PostgresDatabaseWrapper):
    def _configure_connection(self, connection):
        super()._configure_connection(connection)
        settings = ["SET jit = off"]
        if prepared_statements_allowed(self.settings_dict):
            settings.append("SET plan_cache_mode = force_generic_plan")
        with connection.cursor() as cursor:
            cursor.execute("; ".join(settings))  # one round trip (the simple query protocol)
        return True

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not self._quiet_and_idle() and not self.is_usable():
            self.close()
        self.health_check_done = True

    def _quiet_and_idle(self) -> bool:
        """True when the connection is open, outside a transaction and the server has sent
        nothing since the last answer (no round trip)."""
        from psycopg.pq import TransactionStatus

        raw = self.connection
        if raw.closed or raw.broken or raw.info.transaction_status != TransactionStatus.IDLE:
            return False
        try:
            poller = select.poll()
            poller.register(raw.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False

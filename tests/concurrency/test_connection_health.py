"""Kept connections are checked before a request's first query (detailhire/postgresql): a quiet
idle connection passes without a round trip; one the server has closed is replaced, so the
request still gets its answer."""

import time

import pytest
from django.db import close_old_connections, connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept_connection(settings):
    """The default connection as a request sees it with CONN_MAX_AGE and health checks on."""
    wrapper = connections["default"]
    wrapper.ensure_connection()
    saved = {key: wrapper.settings_dict[key] for key in ("CONN_HEALTH_CHECKS", "CONN_MAX_AGE")}
    wrapper.settings_dict.update(CONN_HEALTH_CHECKS=True, CONN_MAX_AGE=60)
    wrapper.health_check_enabled = True
    wrapper.close_at = None
    yield wrapper
    wrapper.settings_dict.update(saved)


def _new_request():
    """What Django does when a request starts (request_started -> close_old_connections)."""
    close_old_connections()


def _select_one_calls(monkeypatch, wrapper):
    calls = []
    real = type(wrapper).is_usable

    def counting(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(type(wrapper), "is_usable", counting)
    return calls


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_quiet_connection_is_reused_without_a_round_trip(kept_connection, monkeypatch):
    pid = _backend_pid()
    calls = _select_one_calls(monkeypatch, kept_connection)

    _new_request()

    assert _backend_pid() == pid
    assert calls == []  # no SELECT 1 before the request's query


def test_a_connection_the_server_closed_is_replaced_before_the_query(kept_connection, monkeypatch):
    import psycopg

    pid = _backend_pid()
    params = kept_connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    deadline = time.monotonic() + 5
    while kept_connection._quiet_and_idle() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye reaches the socket
    calls = _select_one_calls(monkeypatch, kept_connection)

    _new_request()

    assert _backend_pid() != pid  # the request's query ran on a fresh connection, no error
    assert calls == [1]


def test_a_transaction_left_open_gets_the_full_check(kept_connection, monkeypatch):
    kept_connection.connection.execute("BEGIN")
    calls = _select_one_calls(monkeypatch, kept_connection)
    try:
        kept_connection.health_check_done = False
        kept_connection.close_if_health_check_failed()
        assert calls == [1]
    finally:
        kept_connection.connection.execute("ROLLBACK")

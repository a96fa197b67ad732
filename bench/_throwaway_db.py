"""A throwaway PostgreSQL database for a benchmark: created on the server of ``DATABASE_URL`` (or
the local server), migrated, dropped at the end. Call ``create()`` BEFORE Django is set up."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(
        _with_db(url, "postgres").replace("postgres://", "postgresql://", 1),
        autocommit=True,
        connect_timeout=5,
    )


def available() -> bool:
    try:
        _admin_connection(server_url()).close()
        return True
    except Exception:  # noqa: BLE001 - no server: the bench says so and stops
        return False


def create(prefix: str) -> tuple[str, str]:
    """Create an empty database; returns (its name, its DATABASE_URL), exported to the env."""
    name = f"{prefix}_{os.getpid()}"
    url = server_url()
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = _with_db(url, name)
    os.environ["DATABASE_URL"] = database_url
    return name, database_url


def drop(name: str) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001, S110 - Django may not be set up
        pass
    with _admin_connection(server_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""The databases of bench/scale.py: one per size (``detailhire_scale_<jobs>``), on the server of
``DATABASE_URL`` (or the local one), created, migrated and reused."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import _throwaway_db
from _common import ROOT


def db_url(name: str) -> str:
    parts = urlsplit(_throwaway_db.server_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def psycopg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def exists(name: str) -> bool:
    with _throwaway_db._admin_connection(_throwaway_db.server_url()) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create(name: str) -> None:
    with _throwaway_db._admin_connection(_throwaway_db.server_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def complete(url: str) -> bool:
    """Whether the build of the database at ``url`` finished (it leaves a marker table)."""
    import psycopg

    with psycopg.connect(psycopg_url(url)) as conn:
        return bool(conn.execute("SELECT to_regclass('bench_scale_built')").fetchone()[0])


def manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "detailhire.settings"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)

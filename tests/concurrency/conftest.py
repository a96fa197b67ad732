"""Concurrency tests run on PostgreSQL only (row locks, exclusion constraints, real parallel
connections). On SQLite they are skipped with the reason; with DETAILHIRE_REQUIRE_POSTGRES=1 they
fail instead, so CI can never pass them by skipping."""

import os

import pytest


@pytest.fixture(autouse=True)
def _postgresql_only():
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("DETAILHIRE_REQUIRE_POSTGRES", "") in {"1", "true", "yes"}:
        pytest.fail("DETAILHIRE_REQUIRE_POSTGRES is set: the concurrency tests need PostgreSQL.")
    pytest.skip("needs PostgreSQL (row locks, exclusion constraint): set DATABASE_URL=postgres://")

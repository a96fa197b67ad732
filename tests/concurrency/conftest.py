"""Concurrency tests run on PostgreSQL only (row locks, exclusion constraints, real parallel
connections): ``postgresql_only`` (tests/fixtures.py) skips them on SQLite with the reason, and
fails them under DETAILHIRE_REQUIRE_POSTGRES=1, so CI can never pass them by skipping."""

import pytest


@pytest.fixture(autouse=True)
def _postgresql_only(postgresql_only):
    return postgresql_only

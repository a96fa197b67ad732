import os

import pytest


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _require_postgres_when_asked()


def _require_postgres_when_asked():
    """DETAILHIRE_REQUIRE_POSTGRES=1 (set by .ci/run): a run that is not on PostgreSQL fails at
    start instead of silently falling back to SQLite."""
    if os.environ.get("DETAILHIRE_REQUIRE_POSTGRES", "") not in {"1", "true", "yes"}:
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            f"DETAILHIRE_REQUIRE_POSTGRES is set but the database engine is {engine}: "
            "set DATABASE_URL=postgres://... (the suite must run on PostgreSQL here)."
        )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """No test sees cache entries (cached rate cards, rate-limit counters) left by another; with
    REDIS_URL set the cache is a real Redis database, flushed here before each test."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Tasks queued on commit (the mail ``deliver`` task) run in the test's own process, so a
    test asserts ``mail.outbox`` after the change commits; the worker tests in tests/notifications
    turn this off to run a real worker."""
    from detailhire.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


# Shared fixtures (fresh card cache, fast hasher, shipped cards, demo data, clock, clients):
# tests/fixtures.py; rows are made with tests/factories.py.
from tests.fixtures import (  # noqa: E402, F401, I001
    _fast_passwords,
    _fresh_built_cards,
    as_user,
    cards,
    clock,
    demo,
    postgresql_only,
)

# Two tenants with a fixed cast (member, staff, outsider) for ownership tests: tests/tenants.py.
from tests.tenants import outsider, tenant_a, tenant_b  # noqa: E402, F401, I001

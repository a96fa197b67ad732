"""DETAILHIRE_REQUIRE_POSTGRES=1 (set by .ci/run) makes a run on anything but PostgreSQL fail."""

from tests.infra.helpers import clean_env, run_python

COLLECT_ONE = ("-m", "pytest", "--collect-only", "-q", "tests/infra/test_healthz.py")


def test_required_postgres_fails_the_session_on_sqlite(tmp_path):
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", DETAILHIRE_REQUIRE_POSTGRES="1"
    )

    result = run_python(*COLLECT_ONE, env=env)

    assert result.returncode != 0
    assert "DETAILHIRE_REQUIRE_POSTGRES" in result.stdout + result.stderr


def test_sqlite_is_accepted_when_postgres_is_not_required(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")

    result = run_python(*COLLECT_ONE, env=env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_required_postgres_accepts_a_postgres_url():
    env = clean_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/detailhire",
        DETAILHIRE_REQUIRE_POSTGRES="1",
    )

    result = run_python(*COLLECT_ONE, env=env)

    assert result.returncode == 0, result.stdout + result.stderr

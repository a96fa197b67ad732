from tests.infra.helpers import clean_env, run_python

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k7Q2-very-long-production-secret-for-the-deploy-check-x9Lm4Pz8Rt6Vw1Yb3",
    "ALLOWED_HOSTS": "detailhire.example",
    "DATABASE_URL": "postgres://detailhire@127.0.0.1:5432/detailhire",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_deploy_check_is_clean_with_production_values():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=clean_env(**PRODUCTION)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_in_production_fails_at_start():
    env = clean_env(**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})

    result = run_python("manage.py", "check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    """DATABASE_PREPARED_STATEMENTS=0 puts prepare_threshold None in the PostgreSQL OPTIONS,
    which detailhire.db.fetch_rows honours (no server-side prepared statements)."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold', 'unset'))"
    )
    base = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"}
    for value, expected in (("0", "None"), ("1", "unset")):
        env = {**clean_env(), **base, "DATABASE_PREPARED_STATEMENTS": value}
        result = run_python("-c", code, env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected

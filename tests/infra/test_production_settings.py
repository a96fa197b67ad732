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

"""docker-compose.yml: the production shape, with health checks, and it parses."""

import shutil
import subprocess

import pytest
import yaml

from tests.infra.helpers import ROOT, clean_env


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_production_shape_with_health_checks():
    services = compose()["services"]

    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    web_command = " ".join(services["web"]["command"])
    assert "migrate" in web_command and "gunicorn" in web_command
    assert "--no-control-socket" in web_command


def test_one_beat_and_production_settings_for_every_app_service():
    services = compose()["services"]

    assert "replicas" not in services["beat"].get("deploy", {})
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_ENV"] == "production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert "SECRET_KEY" in env


@pytest.mark.parametrize("tool", [["docker", "compose"], ["docker-compose"]])
def test_compose_config_parses_when_the_tool_is_here(tool):
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    probe = subprocess.run([*tool, "version"], capture_output=True, check=False)  # noqa: S603
    if probe.returncode != 0:
        pytest.skip(f"{' '.join(tool)} is not available")

    result = subprocess.run(  # noqa: S603
        [*tool, "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr

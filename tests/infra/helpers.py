"""Run the project's own commands in a subprocess with a controlled environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables that select services or modes; each test sets what it needs.
SELECTORS = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ENV",
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DETAILHIRE_REQUIRE_POSTGRES",
    "CELERY_TASK_ALWAYS_EAGER",
    "PYTEST_ADDOPTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def clean_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SELECTORS and not key.startswith("PYTEST_")
    }
    env["DJANGO_SETTINGS_MODULE"] = "detailhire.settings"
    env.update(overrides)
    return env


def run_python(*args: str, env: dict[str, str], timeout: float = 120):
    return subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )

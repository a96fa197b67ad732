"""``manage.py quote``: a request on stdin, the quote (JSON) on stdout; bad input -> exit 1 and one
line on stderr, never a traceback. Run as a real process against its own SQLite database."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ordinary_wednesday() -> str:
    """The second Wednesday of October next year: in the future whatever the clock says, within
    the site's bound on dates ahead (PLAT-LIMIT-1), and an ordinary day (no holiday rate)."""
    first = date(date.today().year + 1, 10, 1)
    return (first + timedelta(days=(2 - first.weekday()) % 7 + 7)).isoformat()


DAY = _ordinary_wednesday()
REQUEST = {
    "agency": "nopd",
    "requested_at": f"{DAY[:4]}-02-01T09:00:00-06:00",
    "shifts": [
        {
            "starts_at": f"{DAY}T18:00:00-05:00",
            "ends_at": f"{DAY}T22:00:00-05:00",
            "officers": 2,
        }
    ],
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A database of its own with the shipped cards, and an environment without Redis."""
    folder = tmp_path_factory.mktemp("quote-command")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DETAILHIRE_VAR_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="detailhire.settings",
    )
    manage(environment, "migrate", "--noinput")
    for name in ("nopd", "asheville"):
        manage(environment, "load_ratecard", str(ROOT / "agencies" / "cards" / f"{name}.json"))
    return environment


def manage(environment, *args, stdin=""):
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )
    if args[0] != "quote":
        assert result.returncode == 0, result.stderr
    return result


def test_quote_prints_the_quote_as_json(env):
    """The docs/api.md example through the command: 434.64 (NOPD-RATE-1), 2-space JSON."""
    result = manage(env, "quote", stdin=json.dumps(REQUEST))
    assert result.returncode == 0, result.stderr
    quote = json.loads(result.stdout)
    assert quote["total"] == "434.64"
    assert quote["lines"][0]["officer_pay_rate"] == "46.33"
    assert result.stdout.startswith('{\n  "')
    assert result.stderr == ""


BAD = [
    (
        "end before start",
        {**REQUEST, "shifts": [{**REQUEST["shifts"][0], "ends_at": f"{DAY}T17:00:00-05:00"}]},
        "shifts[0].ends_at: ",
    ),
    ("unknown agency", {**REQUEST, "agency": "atlantis"}, "agency: "),
    ("no agency", {k: v for k, v in REQUEST.items() if k != "agency"}, "agency: "),
    ("unknown tier", {**REQUEST, "tier": "9"}, "tier: "),
    ("not json", "{shifts: tonight", "stdin: "),
    ("empty input", "", "stdin: "),
]


@pytest.mark.parametrize(("label", "body", "prefix"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_1_with_one_line(env, label, body, prefix):
    stdin = body if isinstance(body, str) else json.dumps(body)
    result = manage(env, "quote", stdin=stdin)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"CommandError: {prefix}"), lines[0]
    assert "Traceback" not in result.stderr

"""manage.py load_ratecard FILE / export_ratecard SLUG: the JSON format in and out."""

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agencies import models as m
from agencies import ratecards
from agencies.pricing.document import read_document, write_document

from .conftest import CARD_FILES, ROOT
from .sample import PROFILE, sample_card


def _write(tmp_path, document, name="card.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2))
    return path


def _load(path) -> str:
    out = StringIO()
    call_command("load_ratecard", str(path), stdout=out)
    return out.getvalue()


def _export(slug, *args) -> str:
    out = StringIO()
    call_command("export_ratecard", slug, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_stores_a_version_and_says_so(tmp_path):
    path = _write(tmp_path, write_document(PROFILE, sample_card()))
    assert _load(path) == "Loaded sample rate card version 1 (effective 2026-01-01)\n"
    assert _load(path).startswith("Loaded sample rate card version 1 (effective 2026-01-01)")
    assert m.RateCard.objects.count() == 1, "loading the same file twice stores it once"
    changed = _write(tmp_path, write_document(PROFILE, sample_card(notes="v2")), "v2.json")
    assert _load(changed) == "Loaded sample rate card version 2 (effective 2026-01-01)\n"


@pytest.mark.django_db
def test_export_prints_the_document_sorted_with_two_space_indent(tmp_path):
    ratecards.save_card(sample_card(), PROFILE)
    text = _export("sample", "--on", "2026-02-01")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    profile, card = read_document(document)
    assert profile == PROFILE
    assert card == sample_card()
    assert _export("sample", "--card-version", "1") == text


@pytest.mark.django_db
def test_export_then_load_gives_the_same_card(tmp_path):
    ratecards.save_card(sample_card(), PROFILE)
    text = _export("sample", "--on", "2026-02-01")
    m.Agency.objects.all().delete()
    path = tmp_path / "exported.json"
    path.write_text(text)
    _load(path)
    assert ratecards.current_card("sample", on=date(2026, 2, 1)) == sample_card()
    assert _export("sample", "--on", "2026-02-01") == text


@pytest.mark.django_db
def test_export_of_an_unknown_agency_is_one_line():
    with pytest.raises(CommandError, match="^no agency with the slug 'nowhere'$"):
        _export("nowhere")
    ratecards.save_card(sample_card(), PROFILE)
    with pytest.raises(CommandError, match="no rate card in force on 2020-01-01"):
        _export("sample", "--on", "2020-01-01")


@pytest.mark.django_db
def test_a_bad_document_loads_nothing_and_names_the_place(tmp_path):
    document = write_document(PROFILE, sample_card())
    document["card"]["rates"][2]["officer_pay"] = "-1.00"
    path = _write(tmp_path, document)
    with pytest.raises(CommandError) as caught:
        _load(path)
    assert "rates[2].officer_pay" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not m.Agency.objects.exists() and not m.RateCard.objects.exists()


# --- the command line: exit status, one line on stderr, no traceback --------------------------


@pytest.fixture
def cli_env(tmp_path):
    """The subprocesses get a database file of their own: every error here is found before the
    database is touched, and nothing may be written to it."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DETAILHIRE_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    return env


def _run(env, *args):
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _assert_one_line_error(result, *words):
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_cli_errors_are_one_line_and_save_nothing(cli_env, tmp_path):
    _assert_one_line_error(
        _run(cli_env, "load_ratecard", str(tmp_path / "missing.json")), "missing.json"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "detailhire-rate-card/1", "agency": ')
    _assert_one_line_error(_run(cli_env, "load_ratecard", str(broken)), "JSON", "line 1")
    document = write_document(PROFILE, sample_card())
    document["card"]["ranks"][0]["level"] = "high"
    bad = _write(tmp_path, document, "bad.json")
    _assert_one_line_error(_run(cli_env, "load_ratecard", str(bad)), "ranks[0].level")
    assert not (tmp_path / "cli.sqlite3").exists() or not (tmp_path / "cli.sqlite3").stat().st_size


# --- the shipped cards --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.name)
def test_card_files_load_with_the_command(path):
    profile, card = read_document(json.loads(path.read_text()))
    out = _load(path)
    assert out.startswith(f"Loaded {card.agency} rate card version 1 (effective ")
    assert _load(path).startswith(f"Loaded {card.agency} rate card version 1 ")

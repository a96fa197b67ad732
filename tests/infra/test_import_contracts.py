"""The layer rules are checked (import-linter contracts in pyproject.toml): the pricing engine
imports no Django and no other app, the platform (detailhire) imports no domain app, and apps
reach each other only through their public modules. A broken layer fails the suite, as it fails
`make lint`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.infra.helpers import ROOT, clean_env

CONTRACTS = {
    "pricing-engine-pure",
    "platform-imports-no-domain",
    *(
        f"{app}-uses-public-surface"
        for app in ("accounts", "agencies", "billing", "customers", "desk", "jobs", "officers")
    ),
}


def test_every_layer_has_its_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert {contract["id"] for contract in config["contracts"]} >= CONTRACTS


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - the project's own tool, fixed arguments
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout

"""Shared by the benchmark scripts: repository on sys.path, Django set-up, figure printing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "detailhire.settings")
    import django

    django.setup()


def report(name: str, figure: float, unit: str, target: float, higher_is_better: bool = True):
    ratio = figure / target if target else 0.0
    ok = ratio >= 1 if higher_is_better else ratio <= 1
    verdict = "meets target" if ok else "BELOW TARGET"
    print(f"{name}: {figure:,.0f} {unit} (target {target:,.0f}; ratio {ratio:.2f}) {verdict}")
    return ok

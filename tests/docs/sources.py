"""The repository's own text files, for the checks that read the whole source tree (the rule
register, references to documents): code, templates, docs, rate cards, build and CI files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Folders that hold no source of ours: tool caches, the virtualenv, local data, vendored files.
SKIPPED = {
    ".git",
    ".venv",
    "venv",
    "var",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".import_linter_cache",
    "htmlcov",
    "vendor",
}
SUFFIXES = {
    ".py",
    ".html",
    ".txt",
    ".md",
    ".json",
    ".toml",
    ".yml",
    ".yaml",
    ".cfg",
    ".ini",
    ".sh",
    ".js",
    ".css",
    ".ics",
}
NAMES = {"Makefile", "Dockerfile", "run", ".importlinter"}


def text_files(root: Path = ROOT) -> Iterator[Path]:
    """Every text file of the repository that people write, sorted."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [
            name for name in subfolders if name not in SKIPPED and not name.endswith(".egg-info")
        ]
        for name in names:
            path = Path(folder) / name
            if path.suffix in SUFFIXES or name in NAMES:
                found.append(path)
    yield from sorted(found)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()

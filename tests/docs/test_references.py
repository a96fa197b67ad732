"""Code, comments, docstrings and docs point only at documents inside the repository: a reader of a
checkout can follow every reference. The project's rules live in docs/rules.md, its contract in
docs/api.md, its design in docs/architecture.md."""

from __future__ import annotations

import re

import pytest

from tests.docs.sources import relative, text_files

# Written so that this file does not match its own patterns.
OUTSIDE = {
    "a planning document by name": re.compile(r"\b(?:RULES|API|DESIGN|STACK)\.md\b"),
    "a numbered design habit": re.compile(r"\b[Hh]abit \d+\b"),
    "a folder beside the repository": re.compile(r"\.\./shared\b|/wor[k]/|\bshared/[A-Z]"),
    "a source page outside the repository": re.compile(r"\bseeds[/]|nopd-opse-fa[q]|odm-offdut[y]"),
}


def outside_references():
    for path in text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for what, pattern in OUTSIDE.items():
                if pattern.search(line):
                    yield f"{relative(path)}:{number}: {what}: {line.strip()[:120]}"


def test_nothing_points_at_documents_outside_the_repository():
    found = list(outside_references())
    assert not found, "references to documents outside the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "# see STACK" + ".md",
        '"""Jobs API (API' + '.md): create"""',
        "(DESIGN" + ".md)",
        "lock, re-check, write (habit " + "4)",
        "from ../sha" + "red/RULES",
        "the seeds" + "/ pages",
    ],
)
def test_the_patterns_catch_what_they_are_for(line):
    assert any(pattern.search(line) for pattern in OUTSIDE.values())


@pytest.mark.parametrize(
    "line",
    ["docs/api.md", "docs/rules.md", "see docs/architecture.md", "shared_buffers", "seed_demo"],
)
def test_the_patterns_let_the_repositorys_own_documents_through(line):
    assert not any(pattern.search(line) for pattern in OUTSIDE.values())

"""The jobs app writes only its own tables: officers released by a cancellation or a reduction
are released by the officers app (``officers.services.release``), never by jobs code."""

from __future__ import annotations

import ast
from pathlib import Path

import jobs

WRITES = {"save", "update", "create", "delete", "bulk_create", "bulk_update", "get_or_create"}


def _assignment_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        receiver = ast.unparse(node.func.value)
        if "assignment" in receiver.lower():
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node.func)}")
    return found


def test_jobs_never_writes_assignment_rows():
    root = Path(jobs.__file__).parent
    files = [p for p in root.rglob("*.py") if "migrations" not in p.parts]
    assert files
    writes = [line for path in files for line in _assignment_writes(path)]
    assert writes == []


def test_the_check_finds_an_assignment_write(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Assignment._base_manager.filter(position_id=1).update(state='cancelled')\n"
        "assignment.save(update_fields=['state'])\n"
    )
    assert len(_assignment_writes(sample)) == 2

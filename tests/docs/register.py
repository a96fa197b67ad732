"""Reading the rule register (docs/rules.md) and the rule IDs the repository cites.

A rule's entry in the register is a level-3 heading that starts with its ID, followed by bullets:

    ### NOPD-CANCEL-1: police necessity costs the customer nothing
    ...
    - Status: implemented | partly implemented | not yet implemented
    - Code: `agencies/pricing/cancellation.py`, `jobs/services/cancellation.py`
    - Tests: `tests/pricing/test_nopd.py` (`test_a`, `test_b`); `tests/jobs/test_x.py` (`test_c`)
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.docs.sources import ROOT, relative, text_files

REGISTER = ROOT / "docs" / "rules.md"
RULE_ID = re.compile(r"\b(?:NOPD|ODM|PLAT)-[A-Z]+-\d+\b")
# a rule ID spelled in a test's name: test_nopd_cancel_1_..., ..._plat_tenant_1
RULE_IN_NAME = re.compile(r"(?:^|_)((?:nopd|odm|plat)_[a-z]+_\d+)(?![0-9])")
STATUSES = ("implemented", "partly implemented", "not yet implemented")
HEADING = re.compile(r"^### +(\S+)", re.M)
BULLET = re.compile(r"^- +(Status|Code|Tests|Will live in): *(.*)$", re.M)
TICKED = re.compile(r"`([^`]+)`")


@dataclass
class Entry:
    rule: str
    status: str = ""
    code: list[str] = field(default_factory=list)
    tests: list[tuple[str, str]] = field(default_factory=list)  # (file, test name)
    test_files: list[str] = field(default_factory=list)

    @property
    def needs_tests(self) -> bool:
        return self.status in ("implemented", "partly implemented")


def read_register(text: str | None = None) -> dict[str, Entry]:
    """The entries of docs/rules.md by rule ID (a duplicate ID raises ValueError)."""
    text = REGISTER.read_text(encoding="utf-8") if text is None else text
    entries: dict[str, Entry] = {}
    headings = list(HEADING.finditer(text))
    for n, heading in enumerate(headings):
        rule = heading.group(1).rstrip(":")
        if not RULE_ID.fullmatch(rule):
            continue
        if rule in entries:
            raise ValueError(f"{rule} has two entries in docs/rules.md")
        end = headings[n + 1].start() if n + 1 < len(headings) else len(text)
        entry = entries[rule] = Entry(rule)
        for bullet in BULLET.finditer(text, heading.end(), end):
            kind, value = bullet.group(1), bullet.group(2)
            if kind == "Status":  # a known status, then optionally a remark in brackets
                entry.status = value.split("(")[0].strip().rstrip(".").lower()
            elif kind == "Code":
                entry.code = TICKED.findall(value)
            elif kind == "Tests":
                for group in value.split(";"):
                    names = TICKED.findall(group)
                    if not names:
                        continue
                    path, *tests = names
                    entry.test_files.append(path)
                    entry.tests.extend((path, test) for test in tests)
    return entries


def cited_rules() -> dict[str, set[str]]:
    """Every rule ID cited in the repository outside the register: ID -> files citing it. Test
    names count as citations too (``test_..._nopd_cancel_1``)."""
    cited: dict[str, set[str]] = {}
    for path in text_files():
        if path == REGISTER:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = set(RULE_ID.findall(text))
        if path.suffix == ".py" and relative(path).startswith("tests/"):
            found |= {rule for test in functions_in(path) for rule in rules_named_by(test)}
        for rule in found:
            cited.setdefault(rule, set()).add(relative(path))
    return cited


@dataclass(frozen=True)
class FoundTest:
    path: str
    name: str
    docstring: str


@cache
def _parsed(path: Path) -> tuple[FoundTest, ...]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            found.append(FoundTest(relative(path), node.name, ast.get_docstring(node) or ""))
    return tuple(found)


def functions_in(path: Path) -> tuple[FoundTest, ...]:
    return _parsed(path)


def rules_named_by(test: FoundTest) -> set[str]:
    """The rule IDs a test names: in its name (lower case, underscores) or its docstring."""
    from_name = {m.group(1).upper().replace("_", "-") for m in RULE_IN_NAME.finditer(test.name)}
    return from_name | set(RULE_ID.findall(test.docstring))


def proving_tests() -> dict[str, list[FoundTest]]:
    """Rule ID -> the test functions under tests/ that name it."""
    naming: dict[str, list[FoundTest]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for test in functions_in(path):
            for rule in rules_named_by(test):
                naming.setdefault(rule, []).append(test)
    return naming

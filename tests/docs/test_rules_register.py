"""docs/rules.md is the rule register: every rule ID the code, templates, docs, rate cards or tests
cite has an entry there; an entry marked implemented names its code and is proven by at least one
test that names the rule (in the test's name or docstring); what it points at exists."""

from __future__ import annotations

import pytest

from tests.docs.register import (
    REGISTER,
    RULE_ID,
    STATUSES,
    FoundTest,
    cited_rules,
    functions_in,
    proving_tests,
    read_register,
    rules_named_by,
)
from tests.docs.sources import ROOT


@pytest.fixture(scope="module")
def register():
    return read_register()


def test_every_cited_rule_id_has_an_entry_in_the_register(register):
    missing = {rule: sorted(files) for rule, files in cited_rules().items() if rule not in register}
    assert not missing, f"rule IDs cited but missing from docs/rules.md (ID: where): {missing}"


def test_every_entry_has_a_known_status(register):
    assert register, "docs/rules.md lists no rule"
    wrong = {rule: entry.status for rule, entry in register.items() if entry.status not in STATUSES}
    assert not wrong, f"docs/rules.md: a rule's status is one of {STATUSES}: {wrong}"


def test_every_implemented_rule_is_proven_by_a_test_naming_it(register):
    naming = proving_tests()
    unproven = sorted(
        rule for rule, entry in register.items() if entry.needs_tests and not naming.get(rule)
    )
    assert not unproven, (
        "docs/rules.md lists these rules as implemented, but no test under tests/ names them "
        f"(in its name or docstring): {unproven}"
    )


def test_a_rule_not_yet_implemented_has_no_test_yet(register):
    """When a test starts proving a rule, the register says where it now lives."""
    naming = proving_tests()
    stale = {
        rule: [f"{t.path}::{t.name}" for t in naming[rule]]
        for rule, entry in register.items()
        if entry.status == "not yet implemented" and naming.get(rule)
    }
    assert not stale, (
        "docs/rules.md says these rules are not yet implemented, but tests name them: update "
        f"their status, code and tests: {stale}"
    )


def test_implemented_rules_name_the_code_that_does_it_and_it_exists(register):
    problems = []
    for rule, entry in register.items():
        if entry.needs_tests and not entry.code:
            problems.append(f"{rule}: no `- Code:` paths")
        problems += [
            f"{rule}: {path} does not exist"
            for path in entry.code
            if not (ROOT / path.split("::")[0]).exists()
        ]
    assert not problems, "docs/rules.md: " + "; ".join(problems)


def test_the_tests_listed_for_a_rule_exist_and_name_it(register):
    problems = []
    for rule, entry in register.items():
        if entry.needs_tests and not entry.tests:
            problems.append(f"{rule}: no `- Tests:` list")
        for path in entry.test_files:
            if not (ROOT / path).is_file():
                problems.append(f"{rule}: {path} does not exist")
        for path, name in entry.tests:
            if not (ROOT / path).is_file():
                continue
            found = [t for t in functions_in(ROOT / path) if t.name == name]
            if not found:
                problems.append(f"{rule}: {path} has no test {name}")
            elif not any(rule in rules_named_by(t) for t in found):
                problems.append(f"{rule}: {path}::{name} does not name {rule}")
    assert not problems, "docs/rules.md: " + "; ".join(problems)


def test_the_register_reads_its_own_format():
    text = """
## Group

### NOPD-CANCEL-1: police necessity
Words.

- Status: Implemented (a remark).
- Code: `jobs/services/cancellation.py`, `agencies/pricing/cancellation.py`
- Tests: `tests/a/test_x.py` (`test_one`, `test_two`); `tests/b/test_y.py` (`test_three`)

### PLAT-INVOICE-1: numbering
- Status: not yet implemented
- Will live in: `billing/`
"""
    entries = read_register(text)
    assert list(entries) == ["NOPD-CANCEL-1", "PLAT-INVOICE-1"]
    cancel = entries["NOPD-CANCEL-1"]
    assert cancel.status == "implemented" and cancel.needs_tests
    assert cancel.code == ["jobs/services/cancellation.py", "agencies/pricing/cancellation.py"]
    assert cancel.tests == [
        ("tests/a/test_x.py", "test_one"),
        ("tests/a/test_x.py", "test_two"),
        ("tests/b/test_y.py", "test_three"),
    ]
    assert not entries["PLAT-INVOICE-1"].needs_tests
    assert RULE_ID.findall(REGISTER.name) == []


def test_a_test_names_a_rule_in_its_name_or_its_docstring():
    named = FoundTest("tests/x.py", "test_start_past_nopd_lead_1_and_odm_lead_1", "PLAT-TIME-1.")
    assert rules_named_by(named) == {"NOPD-LEAD-1", "ODM-LEAD-1", "PLAT-TIME-1"}
    assert rules_named_by(FoundTest("tests/x.py", "test_platform_1_nopd_cap_1", "")) == {
        "NOPD-CAP-1"
    }

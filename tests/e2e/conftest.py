"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, or the path in
DETAILHIRE_CHROMIUM); it never downloads a browser.

Without Chromium the browser tests are skipped, with the reason in the summary, so a first
``make test`` on a fresh machine passes. Under CI (``CI=true``) a missing Chromium fails them:
CI must run the browser tests."""

import os
from pathlib import Path

import pytest

from tests.e2e.pagecheck import PageCheck

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_FIXTURES = {"page", "context", "browser", "browser_type", "browser_type_launch_args"}


def chromium_path() -> str:
    return os.environ.get("DETAILHIRE_CHROMIUM") or "/usr/bin/chromium"


def missing_chromium() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium is there."""
    path = chromium_path()
    if Path(path).is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"Chromium not found at {path}: install Debian's chromium "
        "(apt-get install chromium) or run .ci/run"
    )


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def is_browser_test(item) -> bool:
    return item.get_closest_marker("e2e") is not None or bool(
        BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    reason = missing_chromium()
    if reason is None or under_ci():
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if is_browser_test(item):
            item.add_marker(skip)


def pytest_runtest_setup(item):
    """Under CI a missing browser fails the test before any fixture (database, server) is set
    up; elsewhere the collection hook above has already skipped it."""
    if under_ci() and is_browser_test(item):
        reason = missing_chromium()
        if reason is not None:
            pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)


def pytest_terminal_summary(terminalreporter):
    reason = missing_chromium()
    if reason is None:
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if reason in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(f"{len(skipped)} browser test(s) skipped: {reason}")


# pytest-playwright: override the launch args fixture
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": ARGS}


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolation(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " on " + document.location.pathname);
});
"""


@pytest.fixture(autouse=True)
def _every_visited_page_checked(request):
    """Every browser test also proves the pages (htmx included) work under the
    Content-Security-Policy: a violation on any page it visits fails the test. Each browser
    context the test opens (the ``page`` fixture's or its own) reports them.

    And every page it visits is checked once more (tests/e2e/pagecheck.py): no serious or
    critical axe violation, screenshots at 1280 and 375 px, no sideways scroll at 375 px."""
    if not is_browser_test(request.node) or missing_chromium() is not None:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    open_context = browser.new_context
    pages = PageCheck(request.node.name, open_context)

    def report(text: str) -> None:
        violations.append(text)

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        context.expose_function("__cspViolation", report)
        context.add_init_script(REPORT_VIOLATIONS)
        pages.watch(context)
        return context

    browser.new_context = new_context
    try:
        yield
        pages.check_all()
    finally:
        del browser.new_context
    assert violations == [], violations
    assert pages.problems == [], "\n".join(pages.problems)

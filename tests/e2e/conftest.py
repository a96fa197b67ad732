"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium); it never downloads a
browser."""

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# pytest-playwright: override the launch args fixture
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": ARGS}

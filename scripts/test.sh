#!/usr/bin/env bash
# Run the whole test suite (or the pytest arguments given).
# Database: DATABASE_URL when set; otherwise PostgreSQL on 127.0.0.1:5432 when it answers;
# otherwise SQLite (with a notice). DETAILHIRE_REQUIRE_POSTGRES=1 makes a non-PostgreSQL run fail.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${DATABASE_URL:-}" ]]; then
    if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
        export DATABASE_URL="postgres://postgres@127.0.0.1:5432/detailhire"
        echo "make test: using PostgreSQL at 127.0.0.1:5432 (test database test_detailhire)"
    else
        echo "make test: NOTICE: no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432;" \
            "running on SQLite (tests that need PostgreSQL are skipped)"
    fi
else
    echo "make test: using DATABASE_URL=$(sed -E 's#(//[^:/@]+):[^@]*@#\1:***@#' <<<"$DATABASE_URL")"
fi

# Browser tests drive Debian's Chromium (DETAILHIRE_CHROMIUM, default /usr/bin/chromium).
# Install it when this user can (root with apt-get, as .ci/run does); otherwise say what is
# missing: the browser tests are then skipped with that reason (under CI=true they fail).
chromium="${DETAILHIRE_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
    if [[ "$chromium" == /usr/bin/chromium && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "make test: Chromium is missing: installing Debian's chromium for the browser tests"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
            || echo "make test: NOTICE: installing chromium failed"
    fi
    if [[ ! -x "$chromium" ]]; then
        echo "make test: NOTICE: Chromium not found at $chromium: the browser tests (tests/e2e)" \
            "are skipped. Install Debian's chromium (apt-get install chromium) or run .ci/run."
    fi
fi

# STATIC_ROOT need not hold anything for the tests, but WhiteNoise warns when it is missing.
mkdir -p "${DETAILHIRE_VAR_DIR:-var}/static"
exec .venv/bin/pytest "$@"

"""DetailHire at the size of the largest vendor, 250 agencies and 1,000,000 jobs (bench-scale).

Builds a realistic database into a PostgreSQL database of its own (``detailhire_scale_<size>``),
in SQL (``INSERT ... SELECT generate_series``) from one job booked, approved and claimed through
the real API, then measures every role's pages and API endpoints and the sweeps on a small and a
large database: p50/p95 server time, response size and query count, and the large/small ratio.
Then a short concurrent mix on gunicorn (several client threads, every role): p95 and errors.

    .venv/bin/python bench/scale.py                      # small (2,000 jobs) and 1,000,000 jobs
    .venv/bin/python bench/scale.py --jobs 100000        # another large size
    .venv/bin/python bench/scale.py --reuse              # keep and reuse the built databases
    .venv/bin/python bench/scale.py --quick              # the small database only (a smoke run)

The large build takes minutes (run it under ``nice``); ``--reuse`` keeps each database and only
migrates it on the next run. Shape of the data (scaled with ``--jobs``): 250 agencies, 5,000
customer organizations (each books with one agency), 20,000 officers, jobs spread evenly over
four years past and one year ahead, 1.7 shifts and 3 positions per shift, past and filled
positions held by an officer of the agency. The demo agency ``nopd`` and organization
``Acme Events`` get their share: their users are the ones measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import _throwaway_db
from _common import ROOT, setup_django

SMALL_JOBS = 2_000
LARGE_JOBS = 1_000_000
REPEAT = 15  # requests per measured URL (after one warm-up)
TARGET_MS = 100
TARGET_RATIO = 3
WORDS = ("Magnolia", "Bayou", "Canal", "Esplanade", "Tchoupitoulas", "Freret", "Oak", "Royal")


def _scaled(jobs: int) -> dict[str, int]:
    agencies = max(2, min(250, round(250 * jobs / LARGE_JOBS)))
    organizations = max(agencies * 2, round(5_000 * jobs / LARGE_JOBS) // agencies * agencies)
    officers = max(agencies * 12, round(20_000 * jobs / LARGE_JOBS))
    return {"agencies": agencies, "organizations": organizations, "officers": officers}


def _db_url(name: str) -> str:
    parts = urlsplit(_throwaway_db.server_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _exists(name: str) -> bool:
    with _throwaway_db._admin_connection(_throwaway_db.server_url()) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def _create(name: str) -> None:
    with _throwaway_db._admin_connection(_throwaway_db.server_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _complete(url: str) -> bool:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return bool(conn.execute("SELECT to_regclass('bench_scale_built')").fetchone()[0])


def _manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "detailhire.settings"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


# --- the build -----------------------------------------------------------------------------------


def build(name: str, jobs: int, reuse: bool) -> str:
    """The database ``name`` with ``jobs`` jobs (reused as it is when asked and present)."""
    url = _db_url(name)
    if reuse and _exists(name) and _complete(url):
        print(f"  reusing {name}")
        _manage(url, "migrate", "--no-input", "-v", "0")
        return url
    started = time.monotonic()
    _create(name)
    _manage(url, "migrate", "--no-input", "-v", "0")
    _manage(url, "seed_demo", "-v", "0", "--no-jobs")
    template = subprocess.run(
        [sys.executable, __file__, "--template", url], check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    _fill(url, jobs, int(template))
    print(f"  built {name}: {jobs:,} jobs in {time.monotonic() - started:.0f} s")
    return url


def book_template() -> int:
    """One job booked by the demo customer, approved by the coordinator and claimed by an
    officer, through the API (the shapes every copied row takes). Prints its id."""
    from django.test import Client

    from accounts.models import User

    def client(email):
        c = Client()
        c.force_login(User._base_manager.get(email=email))
        return c

    start = (datetime.now(UTC) + timedelta(days=20)).replace(hour=15, minute=0, microsecond=0)
    body = {
        "agency": "nopd",
        "title": "Template detail",
        "address": "1 Canal St, New Orleans",
        "category": "traffic_control",
        "rank": "officer",
        "shifts": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=4)).isoformat(),
                "officers": 3,
            }
        ],
    }
    answer = client("customer@acme.demo").post(
        "/api/v1/jobs/", body, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content[:500]
    job = answer.json()["id"]
    approved = client("coordinator@nopd.demo").post(
        f"/api/v1/jobs/{job}/approve/", {}, content_type="application/json"
    )
    assert approved.status_code == 200, approved.content[:500]
    officer = client("officer1@nopd.demo")
    board = officer.get("/api/v1/positions/open/").json()
    rows = board["results"] if isinstance(board, dict) else board
    if rows:
        officer.post(
            f"/api/v1/positions/{rows[0]['id']}/claim/", {}, content_type="application/json"
        )
    print(job)
    return job


def _columns(cur, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cur.fetchall()]


def _clone(cur, table: str, source: str, series: str, overrides: dict[str, str]) -> None:
    """Copy the row(s) of ``source`` (a FROM clause, aliased ``t``) once per row of ``series``
    (a FROM clause, aliased ``g``), replacing columns by SQL expressions."""
    columns = _columns(cur, table)
    values = [overrides.get(c, f't."{c}"') for c in columns]
    cur.execute(
        f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
        f"SELECT {', '.join(values)} FROM {source}, {series}"
    )


def _fill(url: str, jobs: int, template: int) -> None:
    import psycopg

    size = _scaled(jobs)
    a, o, f = size["agencies"], size["organizations"], size["officers"]
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=False)
    cur = conn.cursor()
    step = time.monotonic()

    def done(what):
        nonlocal step
        print(f"    {what}: {time.monotonic() - step:.0f} s", flush=True)
        step = time.monotonic()

    cur.execute("SET synchronous_commit = off")
    cur.execute("SELECT id FROM agencies_agency WHERE slug = 'nopd'")
    nopd = cur.fetchone()[0]
    _clone(
        cur,
        "agencies_agency",
        f"(SELECT * FROM agencies_agency WHERE id = {nopd}) t",
        f"generate_series(1, {a - 1}) g",
        {
            "slug": "'bench-' || g",
            "name": "'Bench Agency ' || g",
        },
    )
    cur.execute(
        "CREATE TEMP TABLE ag AS SELECT row_number() OVER (ORDER BY id <> %s, id) - 1 AS n, id "
        "FROM agencies_agency WHERE id = %s OR slug LIKE 'bench-%%'",
        [nopd, nopd],
    )
    cur.execute(
        "SELECT organization_id FROM jobs_customermembership m JOIN accounts_user u "
        "ON u.id = m.user_id WHERE u.email = 'customer@acme.demo'"
    )
    acme = cur.fetchone()[0]
    _clone(
        cur,
        "jobs_customerorganization",
        f"(SELECT * FROM jobs_customerorganization WHERE id = {acme}) t",
        f"generate_series(1, {o - 1}) g",
        {
            "name": f"'Bench ' || ({words})[1 + g % 8] || ' Events ' || g",
            "join_code": "substr(md5(g::text), 1, 12)",
        }
        if "join_code" in _columns(cur, "jobs_customerorganization")
        else {"name": f"'Bench ' || ({words})[1 + g % 8] || ' Events ' || g"},
    )
    cur.execute(
        "CREATE TEMP TABLE org AS SELECT row_number() OVER (ORDER BY id <> %s, id) - 1 AS n, id "
        "FROM jobs_customerorganization WHERE id = %s OR name LIKE 'Bench %%'",
        [acme, acme],
    )
    cur.execute("CREATE UNIQUE INDEX ON ag (n)")
    cur.execute("CREATE UNIQUE INDEX ON org (n)")
    cur.execute("ANALYZE ag")
    cur.execute("ANALYZE org")
    done(f"{a} agencies, {o} organizations")
    cur.execute(
        "SELECT id, user_id FROM officers_officer WHERE agency_id = %s ORDER BY id LIMIT 1", [nopd]
    )
    officer_id, officer_user = cur.fetchone()
    _clone(
        cur,
        "accounts_user",
        f"(SELECT * FROM accounts_user WHERE id = {officer_user}) t",
        f"generate_series(1, {f}) g",
        {
            "email": "'officer' || g || '@bench.test'",
            "full_name": "'Bench Officer ' || g",
            "password": "'!'",
            "last_login": "NULL",
        },
    )
    cur.execute(
        "CREATE TEMP TABLE bu AS SELECT id, substring(email from 8 for position('@' in "
        "email) - 8)::int AS g FROM accounts_user WHERE email LIKE 'officer%%@bench.test'"
    )
    officer_columns = _columns(cur, "officers_officer")
    overrides = {"user_id": "bu.id", "agency_id": f"(SELECT id FROM ag WHERE n = bu.g % {a})"}
    if "badge_number" in officer_columns:
        overrides["badge_number"] = "'B' || bu.g"
    _clone(
        cur,
        "officers_officer",
        f"(SELECT * FROM officers_officer WHERE id = {officer_id}) t",
        "bu",
        overrides,
    )
    cur.execute(
        "CREATE TEMP TABLE off AS SELECT agency_id, row_number() OVER (PARTITION BY agency_id "
        "ORDER BY id) - 1 AS k, id FROM officers_officer WHERE id IN (SELECT id FROM "
        "officers_officer"
        " WHERE user_id IN (SELECT id FROM bu) OR agency_id = %s)",
        [nopd],
    )
    cur.execute("CREATE INDEX ON off (agency_id, k)")
    cur.execute("SELECT min(c) FROM (SELECT count(*) c FROM off GROUP BY agency_id) x")
    per_agency = cur.fetchone()[0]
    conn.commit()
    done(f"{f} officers ({per_agency} or more per agency)")

    # Jobs: job g belongs to organization g % o and that organization's agency (n % a); the
    # agency's jobs are spread evenly over four years past and one year ahead.
    now = datetime.now(UTC)
    first = now - timedelta(days=4 * 365)
    span = timedelta(days=5 * 365).total_seconds()
    cur.execute("SELECT starts_at FROM jobs_job WHERE id = %s", [template])
    cur.execute(f"""CREATE TEMP TABLE jg AS SELECT g, (g % {o}) AS org_n, (g % {o}) % {a} AS ag_n,
        g / {a} AS seq, timestamptz '{first.isoformat()}' + make_interval(secs =>
        (g::float8 * {span} / {jobs})) AS starts FROM generate_series(0, {jobs - 1}) g""")
    done("job plan")
    # settled by the clock: over (completed, a few cancelled), under way (in progress), ahead
    length = "CASE WHEN g % 10 < 7 THEN interval '28 hours' ELSE interval '4 hours' END"
    statuses = (
        f"CASE WHEN jg.starts + {length} <= now() THEN (CASE WHEN g % 20 = 0 THEN 'cancelled' "
        "ELSE 'completed' END) WHEN jg.starts <= now() THEN 'in_progress' WHEN g % 10 < 6 "
        "THEN 'filled' WHEN g % 10 < 9 THEN 'approved' ELSE 'requested' END"
    )
    _clone(
        cur,
        "jobs_job",
        f"(SELECT * FROM jobs_job WHERE id = {template}) t",
        "jg",
        {
            "agency_id": "(SELECT id FROM ag WHERE n = jg.ag_n)",
            "organization_id": "(SELECT id FROM org WHERE n = jg.org_n)",
            "title": f"({words})[1 + (g / 7) % 8] || ' detail ' || g",
            "address": f"(g % 900 + 100) || ' ' || ({words})[1 + (g / 3) % 8] || ' St, Orleans'",
            "status": statuses,
            "starts_at": "jg.starts",
            "ends_at": "jg.starts + CASE WHEN g % 10 < 7 THEN interval '28 hours' "
            "ELSE interval '4 hours' END",
            "requested_at": "jg.starts - interval '14 days'",
            "created_at": "jg.starts - interval '14 days'",
            "updated_at": "jg.starts",
            "idempotency_key": "''",
            "series_id": "NULL",
            "cancelled_at": f"CASE WHEN ({statuses}) = 'cancelled' THEN jg.starts END",
        },
    )
    conn.commit()
    done(f"{jobs:,} jobs")
    cur.execute(
        f"CREATE TEMP TABLE jm AS SELECT id, agency_id, starts_at, status, "
        f"row_number() OVER (PARTITION BY agency_id ORDER BY starts_at) AS seq "
        f"FROM jobs_job WHERE id > {template}"
    )
    _clone(
        cur,
        "jobs_shift",
        f"(SELECT * FROM jobs_shift WHERE job_id = {template}) t",
        "jm, generate_series(0, 1) s",
        {
            "job_id": "jm.id",
            "index": "s",
            "starts_at": "jm.starts_at + s * interval '1 day'",
            "ends_at": "jm.starts_at + s * interval '1 day' + interval '4 hours'",
            "cancelled": "false",
        },
    )
    cur.execute(
        "DELETE FROM jobs_shift s USING jobs_job j WHERE s.job_id = j.id AND s.index = 1 "
        "AND j.ends_at < s.ends_at"
    )
    conn.commit()
    done("shifts")
    _clone(
        cur,
        "jobs_position",
        f"(SELECT * FROM jobs_position p WHERE p.shift_id IN (SELECT id FROM jobs_shift WHERE "
        f"job_id = {template}) ORDER BY id LIMIT 1) t",
        "(SELECT s.id, jm.status FROM jobs_shift s JOIN jm ON jm.id = s.job_id) sh, "
        "generate_series(0, 2) g",
        {
            "shift_id": "sh.id",
            "index": "g",
            "status": "CASE sh.status WHEN 'requested' THEN 'draft' WHEN 'approved' THEN "
            "'open' WHEN 'cancelled' THEN 'cancelled' ELSE 'filled' END",
            "preferred_until": "NULL",
        },
    )
    conn.commit()
    done("positions")
    cur.execute(
        "ALTER TABLE officers_assignment DROP CONSTRAINT IF EXISTS "
        "assignment_no_overlap_per_officer"
    )
    _clone(
        cur,
        "officers_assignment",
        "(SELECT * FROM officers_assignment ORDER BY id LIMIT 1) t",
        "(SELECT p.id, p.index, s.starts_at, s.ends_at, jm.agency_id, jm.seq, "
        "s.starts_at < now() AS past, jm.status = 'completed' AS done FROM jobs_position p "
        "JOIN jobs_shift s ON s.id = "
        "p.shift_id JOIN jm ON jm.id = s.job_id WHERE p.status = 'filled') p",
        {
            "position_id": "p.id",
            "officer_id": f"(SELECT id FROM off WHERE off.agency_id = p.agency_id AND off.k = "
            f"(p.seq * 3 + p.index) % {per_agency})",
            "starts_at": "p.starts_at",
            "ends_at": "p.ends_at",
            # a completed job's assignments have ended (officers.services.completion)
            "state": "CASE WHEN p.done THEN 'completed' ELSE 'active' END",
            "checked_in_at": "CASE WHEN p.past THEN p.starts_at END",
            "checked_out_at": "CASE WHEN p.past THEN p.ends_at END",
            "hours_worked": "CASE WHEN p.past THEN 4 END",
            "created_at": "p.starts_at - interval '7 days'",
            "ended_at": "CASE WHEN p.done THEN p.ends_at END",
        },
    )
    conn.commit()
    done("assignments")
    from officers.dbops import OVERLAP_SQL

    cur.execute(OVERLAP_SQL)
    conn.commit()
    done("overlap constraint")
    cur.execute("CREATE TABLE bench_scale_built (jobs int)")
    conn.commit()
    conn.autocommit = True
    cur.execute("VACUUM ANALYZE")
    done("vacuum analyze")
    for table in ("jobs_job", "jobs_shift", "jobs_position", "officers_assignment"):
        cur.execute(
            f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}"
        )
        rows, bytes_ = cur.fetchone()
        print(f"    {table}: {rows:,} rows, {bytes_}")
    conn.close()


# --- the measurements ----------------------------------------------------------------------------


def _targets() -> list[tuple[str, str, str]]:
    """(role, label, URL) of every page and API endpoint measured, ids read from the database."""
    from django_scopes import scopes_disabled

    from accounts.models import User
    from jobs.models import Job
    from officers.models import Assignment

    with scopes_disabled():
        customer_job = (
            Job.objects.filter(organization__members__user__email="customer@acme.demo")
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        assignment = (
            Assignment.objects.filter(officer__user__email="officer1@nopd.demo")
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        feed = User.objects.get(email="officer1@nopd.demo")
    del feed
    rows = [
        ("public", "home", "/"),
        ("public", "agency page", "/a/nopd/"),
        ("public", "rates page", "/a/nopd/rates/"),
        ("public", "quote form", "/a/nopd/quote/"),
        ("public", "agency API", "/api/v1/agencies/nopd/"),
        ("customer", "my jobs upcoming", "/jobs/?tab=upcoming"),
        ("customer", "my jobs past", "/jobs/?tab=past"),
        ("customer", "my jobs page 5", "/jobs/?tab=past&page=5"),
        ("customer", "job page", f"/jobs/{customer_job}/"),
        ("customer", "jobs API", "/api/v1/jobs/"),
        ("customer", "jobs API upcoming", "/api/v1/jobs/?when=upcoming"),
        ("customer", "job API", f"/api/v1/jobs/{customer_job}/"),
        ("customer", "invoices", "/invoices/"),
        ("customer", "invoices API", "/api/v1/invoices/"),
        ("customer", "organization", "/org/"),
        ("officer", "officer home", "/officer/"),
        ("officer", "board", "/officer/board/"),
        ("officer", "schedule", "/officer/schedule/"),
        ("officer", "open positions API", "/api/v1/positions/open/"),
        ("officer", "assignments API", "/api/v1/assignments/"),
        ("officer", "assignments API past", "/api/v1/assignments/?past=1"),
        ("officer", "assignment page", f"/officer/assignments/{assignment}/"),
        ("coordinator", "jobs upcoming", "/jobs/?tab=upcoming"),
        ("coordinator", "jobs past", "/jobs/?tab=past"),
        ("coordinator", "jobs search Magnolia", "/jobs/?tab=past&q=Magnolia"),
        ("coordinator", "jobs requested", "/jobs/?tab=upcoming&status=requested"),
        ("coordinator", "job page", f"/jobs/{customer_job}/"),
        ("coordinator", "jobs API", "/api/v1/jobs/"),
        ("coordinator", "jobs API upcoming", "/api/v1/jobs/?when=upcoming"),
        ("coordinator", "jobs API search", "/api/v1/jobs/?q=Magnolia"),
        ("coordinator", "officers", "/staff/officers/"),
        ("coordinator", "attendance", "/staff/attendance/"),
        ("coordinator", "assignments API", "/api/v1/assignments/"),
        ("coordinator", "invoices", "/invoices/"),
        ("admin", "jobs past", "/jobs/?tab=past"),
        ("admin", "officers", "/staff/officers/"),
        ("admin", "refunds", "/billing/refunds/"),
    ]
    return rows


USERS = {
    "customer": "customer@acme.demo",
    "officer": "officer1@nopd.demo",
    "coordinator": "coordinator@nopd.demo",
    "admin": "admin@nopd.demo",
}


def measure(url: str) -> dict[str, dict]:
    """Every target and sweep on the database at ``url``: p50/p95 ms, bytes, queries."""
    os.environ["DATABASE_URL"] = url
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    connections.close_all()
    clients = {"public": Client()}
    for role, email in USERS.items():
        clients[role] = Client()
        clients[role].force_login(User._base_manager.get(email=email))
    results = {}
    for role, label, path in _targets():
        client = clients[role]
        client.get(path)  # warm
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        results[f"{role}: {label}"] = {
            "status": response.status_code,
            "p50": statistics.median(times),
            "p95": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
            "bytes": len(response.content) if not response.streaming else 0,
            "queries": len(queries),
        }
    results.update(_sweeps())
    return results


def _sweeps() -> dict[str, dict]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from jobs import sweeps

    found = {}
    for sweep in sweeps.registered():  # settle what came due since the build: nothing due after
        sweeps.run_sweep(sweep, timezone.now())
    for sweep in sweeps.registered():
        times, count = [], 0
        for _ in range(5):
            with scopes_disabled(), transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    sweep.function(timezone.now())
                    times.append((time.perf_counter() - started) * 1000)
                count = len(queries)
                transaction.set_rollback(True)
        found[f"sweep: {sweep.name}"] = {
            "status": 0,
            "p50": statistics.median(times),
            "p95": max(times),
            "bytes": 0,
            "queries": count,
        }
    return found


def _print(small: dict, large: dict | None) -> bool:
    ok = True
    head = f"{'page':<42} {'small p50/p95 ms':>17} {'q':>4}"
    if large:
        head += f" {'large p50/p95 ms':>17} {'q':>4} {'KB':>6} {'ratio':>6}"
    print(head)
    for key, s in small.items():
        line = f"{key:<42} {s['p50']:>8.1f}/{s['p95']:<8.1f} {s['queries']:>4}"
        if large and key in large:
            big = large[key]
            ratio = big["p95"] / s["p95"] if s["p95"] else 0
            flag = ""
            if big["p95"] > TARGET_MS or (ratio > TARGET_RATIO and big["p95"] > 10):
                flag, ok = " SLOW", False
            if big["queries"] != s["queries"]:
                flag += " QUERIES"
            if big["status"] not in (0, 200):
                flag += f" HTTP {big['status']}"
            line += (
                f" {big['p50']:>8.1f}/{big['p95']:<8.1f} {big['queries']:>4} "
                f"{big['bytes'] / 1024:>6.0f} {ratio:>6.1f}{flag}"
            )
        elif s["status"] not in (0, 200):
            line += f" HTTP {s['status']}"
        print(line)
    return ok


# --- the concurrent mix --------------------------------------------------------------------------


def concurrent_mix(url: str, seconds: float, users: int) -> None:
    """``users`` client threads, each a role, for ``seconds`` on gunicorn: p95 and errors."""
    import tempfile
    from pathlib import Path

    import requests
    from quote_api import free_port, server_env, start_server, wait_ready

    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="detailhire-scale-"))
    (var_dir / "static").mkdir()
    env = {**server_env(var_dir), "DATABASE_URL": url}
    server = start_server(env, port)
    try:
        wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        paths = {}
        for role, _label, path in _targets():
            paths.setdefault(role, []).append(path)
        sessions = {}
        for role, email in USERS.items():
            sessions[role] = _logged_in(base, email)
        sessions["public"] = requests.Session()
        roles = list(paths)
        times, errors, lock = [], [], threading.Lock()
        stop = time.monotonic() + seconds

        def user(n):
            role = roles[n % len(roles)]
            session, mine, i = sessions[role], paths[role], n
            while time.monotonic() < stop:
                path = mine[i % len(mine)]
                i += 1
                started = time.perf_counter()
                try:
                    status = session.get(base + path, timeout=30).status_code
                except Exception as exc:  # noqa: BLE001 - counted as an error
                    status = repr(exc)
                with lock:
                    times.append((time.perf_counter() - started) * 1000)
                    if status != 200:
                        errors.append((path, status))

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times.sort()
        p95 = times[int(len(times) * 0.95)] if times else 0
        print(
            f"  concurrent mix: {users} users, {seconds:.0f} s, {len(times)} requests, "
            f"p95 {p95:.0f} ms, {len(errors)} errors {errors[:3]}"
        )
    finally:
        os.killpg(server.pid, 15)
        server.wait(10)


def _logged_in(base: str, email: str):
    import requests

    session = requests.Session()
    answer = session.post(
        base + "/api/v1/auth/token/",
        json={"email": email, "password": "detailhire-demo"},
        timeout=30,
    )
    if answer.ok and "token" in answer.json():
        session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session


def run() -> int:
    """The entry point (not `main`: `make bench` runs every bench script with a main())."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=LARGE_JOBS, help="jobs in the large database")
    parser.add_argument("--small", type=int, default=SMALL_JOBS, help="jobs in the small one")
    parser.add_argument("--quick", action="store_true", help="the small database only")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse built databases")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--mix-seconds", type=float, default=30)
    parser.add_argument("--mix-users", type=int, default=12)
    parser.add_argument("--template", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.template:
        os.environ["DATABASE_URL"] = args.template
        setup_django()
        book_template()
        return 0
    if not _throwaway_db.available():
        print("No PostgreSQL server answers: bench/scale.py needs one.")
        return 0
    small_url = build(f"detailhire_scale_{args.small}", args.small, reuse=True)
    large_url = None
    if not args.quick:
        large_url = build(f"detailhire_scale_{args.jobs}", args.jobs, reuse=args.reuse)
    if args.build_only:
        return 0
    os.environ["DATABASE_URL"] = small_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "detailhire.settings")
    setup_django()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # sweeps' emails
    settings.DATABASES["default"]["NAME"] = urlsplit(small_url).path.lstrip("/")
    small = measure(small_url)
    large = None
    if large_url:
        from django.db import connections

        connections.close_all()
        settings.DATABASES["default"]["NAME"] = urlsplit(large_url).path.lstrip("/")
        large = measure(large_url)
    ok = _print(small, large)
    concurrent_mix(large_url or small_url, args.mix_seconds, args.mix_users)
    print("every page under target" if ok else "SOME PAGES BELOW TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(run())

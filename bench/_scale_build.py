"""The build of bench/scale.py: a database the size of the largest vendor (250 agencies,
5,000 customer organizations, 20,000 officers, 1,000,000 jobs with their shifts, positions and
assignments; scaled down with ``--jobs``) generated in SQL from one job booked, approved and
claimed through the real API.

Every generated row is a function of its job's number ``g`` (agency ``g % agencies``,
organization ``g % organizations``, start spread evenly over four years past and one ahead) and
of its id (``first id + g``, two shift slots and six position slots per job), so the jobs,
shifts, positions and assignments of a range of ``g`` are written by ``INSERT ... SELECT FROM
generate_series`` with no look-up of other generated rows, by several streams at once, into
unlogged tables without indexes or constraints (``_scale_bulk``), which get them back at the end.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import _scale_db as db
from _scale_bulk import Detached, connect, in_parallel

LARGE_JOBS = 1_000_000
WORDS = ("Magnolia", "Bayou", "Canal", "Esplanade", "Tchoupitoulas", "Freret", "Oak", "Royal")
BIG_TABLES = ("jobs_job", "jobs_shift", "jobs_position", "officers_assignment")
CHUNK = 125_000  # jobs per INSERT statement of a stream


def scaled(jobs: int) -> dict[str, int]:
    agencies = max(2, min(250, round(250 * jobs / LARGE_JOBS)))
    organizations = max(agencies * 2, round(5_000 * jobs / LARGE_JOBS) // agencies * agencies)
    officers = max(agencies * 12, round(20_000 * jobs / LARGE_JOBS))
    return {"agencies": agencies, "organizations": organizations, "officers": officers}


def build(name: str, jobs: int, reuse: bool, streams: int, script: str) -> str:
    """The database ``name`` with ``jobs`` jobs (reused as it is when asked and present)."""
    url = db.db_url(name)
    if reuse and db.exists(name) and db.complete(url):
        print(f"  reusing {name}")
        db.manage(url, "migrate", "--no-input", "-v", "0")
        return url
    started = time.monotonic()
    db.create(name)
    db.manage(url, "migrate", "--no-input", "-v", "0")
    db.manage(url, "seed_demo", "-v", "0", "--no-jobs")
    template = subprocess.run(
        [sys.executable, script, "--template", url], check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    print(f"    migrated, seeded, template job: {time.monotonic() - started:.0f} s", flush=True)
    _fill(url, jobs, int(template), streams)
    print(f"  built {name}: {jobs:,} jobs in {time.monotonic() - started:.0f} s", flush=True)
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


def _copy_sql(columns: list[str], table: str, source: str, series: str, overrides: dict) -> str:
    """INSERT that copies the row(s) of ``source`` (a FROM clause, aliased ``t``) once per row
    of ``series`` (FROM clauses), replacing columns by SQL expressions (``id`` among them)."""
    names = ["id", *columns] if "id" in overrides else columns
    values = [overrides.get(c, f't."{c}"') for c in names]
    quoted = ", ".join(f'"{c}"' for c in names)
    return f"INSERT INTO {table} ({quoted}) SELECT {', '.join(values)} FROM {source}, {series}"


def _clone(cur, table: str, source: str, series: str, overrides: dict[str, str]) -> None:
    cur.execute(_copy_sql(_columns(cur, table), table, source, series, overrides))


class _Timer:
    def __init__(self):
        self.step = time.monotonic()

    def __call__(self, what: str) -> None:
        print(f"    {what}: {time.monotonic() - self.step:.0f} s", flush=True)
        self.step = time.monotonic()


def _people(cur, a: int, o: int, f: int, done: _Timer) -> int:
    """Agencies, organizations and officers copied from the demo ones; numbered in the tables
    ``bench_ag (n, id)``, ``bench_org (n, id)`` and ``bench_off (slot, id)`` (officer ``k`` of
    agency ``n`` in slot ``n * per_agency + k``). Returns officers per agency."""
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    cur.execute("SELECT id FROM agencies_agency WHERE slug = 'nopd'")
    nopd = cur.fetchone()[0]
    _clone(
        cur,
        "agencies_agency",
        f"(SELECT * FROM agencies_agency WHERE id = {nopd}) t",
        f"generate_series(1, {a - 1}) g",
        {"slug": "'bench-' || g", "name": "'Bench Agency ' || g"},
    )
    cur.execute(
        "CREATE UNLOGGED TABLE bench_ag AS SELECT row_number() OVER (ORDER BY id <> %s, id) - 1 "
        "AS n, id FROM agencies_agency WHERE id = %s OR slug LIKE 'bench-%%'",
        [nopd, nopd],
    )
    cur.execute(
        "SELECT organization_id FROM jobs_customermembership m JOIN accounts_user u "
        "ON u.id = m.user_id WHERE u.email = 'customer@acme.demo'"
    )
    acme = cur.fetchone()[0]
    overrides = {"name": f"'Bench ' || ({words})[1 + g % 8] || ' Events ' || g"}
    if "join_code" in _columns(cur, "jobs_customerorganization"):
        overrides["join_code"] = "substr(md5(g::text), 1, 12)"
    _clone(
        cur,
        "jobs_customerorganization",
        f"(SELECT * FROM jobs_customerorganization WHERE id = {acme}) t",
        f"generate_series(1, {o - 1}) g",
        overrides,
    )
    cur.execute(
        "CREATE UNLOGGED TABLE bench_org AS SELECT row_number() OVER (ORDER BY id <> %s, id) - 1 "
        "AS n, id FROM jobs_customerorganization WHERE id = %s OR name LIKE 'Bench %%'",
        [acme, acme],
    )
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
    overrides = {"user_id": "bu.id", "agency_id": f"(SELECT id FROM bench_ag WHERE n = bu.g % {a})"}
    if "badge_number" in _columns(cur, "officers_officer"):
        overrides["badge_number"] = "'B' || bu.g"
    _clone(
        cur,
        "officers_officer",
        f"(SELECT * FROM officers_officer WHERE id = {officer_id}) t",
        "bu",
        overrides,
    )
    cur.execute(
        "CREATE TEMP TABLE off AS SELECT ag.n, row_number() OVER (PARTITION BY o.agency_id "
        "ORDER BY o.id) - 1 AS k, o.id FROM officers_officer o JOIN bench_ag ag "
        "ON ag.id = o.agency_id WHERE o.user_id IN (SELECT id FROM bu) OR o.agency_id = %s",
        [nopd],
    )
    cur.execute("SELECT min(c) FROM (SELECT count(*) c FROM off GROUP BY n) x")
    per_agency = cur.fetchone()[0]
    cur.execute(
        f"CREATE UNLOGGED TABLE bench_off AS SELECT n * {per_agency} + k AS slot, id FROM off "
        f"WHERE k < {per_agency}"
    )
    for table, key in (("bench_ag", "n"), ("bench_org", "n"), ("bench_off", "slot")):
        cur.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
        cur.execute(f"ANALYZE {table}")
    done(f"{f} officers ({per_agency} or more per agency)")
    return per_agency


def _chunk_sql(cur, jobs: int, template: int, size: dict, per_agency: int) -> dict:
    """For each big table, a function of (lo, hi) giving the INSERT of jobs lo..hi-1's rows."""
    a, o = size["agencies"], size["organizations"]
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    first = datetime.now(UTC) - timedelta(days=4 * 365)
    span = timedelta(days=5 * 365).total_seconds()
    base = {}
    for table in BIG_TABLES:
        cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        base[table] = cur.fetchone()[0]
    j0, s0, p0, a0 = (base[t] for t in BIG_TABLES)
    columns = {table: _columns(cur, table) for table in BIG_TABLES}
    # job g: its start, length and status (settled by the clock: over, under way, ahead)
    plan = (
        "generate_series({lo}, {hi}) g, "
        f"LATERAL (SELECT timestamptz '{first.isoformat()}' + make_interval(secs => "
        f"g::float8 * {span} / {jobs}) AS starts, g % 10 < 7 AS long) x, "
        "LATERAL (SELECT x.starts + CASE WHEN x.long THEN interval '28 hours' "
        "ELSE interval '4 hours' END AS ends) y, "
        "LATERAL (SELECT CASE WHEN y.ends <= now() THEN (CASE WHEN g % 20 = 0 THEN 'cancelled' "
        "ELSE 'completed' END) WHEN x.starts <= now() THEN 'in_progress' WHEN g % 10 < 6 "
        "THEN 'filled' WHEN g % 10 < 9 THEN 'approved' ELSE 'requested' END AS status) z"
    )
    shifts = (
        plan + ", generate_series(0, CASE WHEN x.long THEN 1 ELSE 0 END) s, "
        "LATERAL (SELECT x.starts + s * interval '1 day' AS starts) sh"
    )
    positions = shifts + ", generate_series(0, 2) i"
    job = f"(SELECT * FROM jobs_job WHERE id = {template}) t"
    shift = f"(SELECT * FROM jobs_shift WHERE job_id = {template} ORDER BY id LIMIT 1) t"
    position = (
        f"(SELECT * FROM jobs_position WHERE shift_id IN (SELECT id FROM jobs_shift WHERE "
        f"job_id = {template}) ORDER BY id LIMIT 1) t"
    )
    assignment = "(SELECT * FROM officers_assignment ORDER BY id LIMIT 1) t"
    sql = {
        "jobs_job": _copy_sql(
            columns["jobs_job"],
            "jobs_job",
            job + " JOIN bench_ag ag ON true JOIN bench_org org ON true",
            plan + f" WHERE ag.n = g % {a} AND org.n = g % {o}",
            {
                "id": f"{j0} + g",
                "agency_id": "ag.id",
                "organization_id": "org.id",
                "title": f"({words})[1 + (g / 7) % 8] || ' detail ' || g",
                "address": f"(g % 900 + 100) || ' ' || ({words})[1 + (g / 3) % 8] "
                "|| ' St, Orleans'",
                "status": "z.status",
                "starts_at": "x.starts",
                "ends_at": "y.ends",
                "requested_at": "x.starts - interval '14 days'",
                "created_at": "x.starts - interval '14 days'",
                "updated_at": "x.starts",
                "idempotency_key": "''",
                "series_id": "NULL",
                "cancelled_at": "CASE WHEN z.status = 'cancelled' THEN x.starts END",
            },
        ),
        "jobs_shift": _copy_sql(
            columns["jobs_shift"],
            "jobs_shift",
            shift,
            shifts,
            {
                "id": f"{s0} + 2 * g + s",
                "job_id": f"{j0} + g",
                "index": "s",
                "starts_at": "sh.starts",
                "ends_at": "sh.starts + interval '4 hours'",
                "cancelled": "false",
            },
        ),
        "jobs_position": _copy_sql(
            columns["jobs_position"],
            "jobs_position",
            position,
            positions,
            {
                "id": f"{p0} + 6 * g + 3 * s + i",
                "shift_id": f"{s0} + 2 * g + s",
                "index": "i",
                "status": "CASE z.status WHEN 'requested' THEN 'draft' WHEN 'approved' THEN "
                "'open' WHEN 'cancelled' THEN 'cancelled' ELSE 'filled' END",
                "preferred_until": "NULL",
                # posted at the job's approval (a day after the request), not at the template's:
                # else every open position of the database would seem posted today, and each
                # officer owed a digest of thousands (NOPD-REL-1)
                "opened_at": "CASE WHEN z.status = 'requested' THEN NULL ELSE "
                "LEAST(x.starts - interval '13 days', now() - interval '2 days') END",
            },
        ),
        # filled positions are held by an officer of the job's agency (three per job, in turn)
        "officers_assignment": _copy_sql(
            columns["officers_assignment"],
            "officers_assignment",
            assignment + " JOIN bench_off o ON true",
            positions + " WHERE z.status IN ('filled', 'in_progress', 'completed') "
            f"AND o.slot = (g % {a}) * {per_agency} + ((g / {a} + 1) * 3 + i) % {per_agency}",
            {
                "id": f"{a0} + 6 * g + 3 * s + i",
                "position_id": f"{p0} + 6 * g + 3 * s + i",
                "officer_id": "o.id",
                "starts_at": "sh.starts",
                "ends_at": "sh.starts + interval '4 hours'",
                # a completed job's assignments have ended (officers.services.completion)
                "state": "CASE WHEN z.status = 'completed' THEN 'completed' ELSE 'active' END",
                "checked_in_at": "CASE WHEN sh.starts < now() THEN sh.starts END",
                "checked_out_at": "CASE WHEN sh.starts < now() THEN sh.starts + "
                "interval '4 hours' END",
                "hours_worked": "CASE WHEN sh.starts < now() THEN 4 END",
                "created_at": "sh.starts - interval '7 days'",
                "ended_at": "CASE WHEN z.status = 'completed' THEN sh.starts + "
                "interval '4 hours' END",
            },
        ),
    }
    return {
        table: (lambda lo, hi, q=q: q.replace("{lo}", str(lo)).replace("{hi}", str(hi - 1)))
        for table, q in sql.items()
    }


def _fill(url: str, jobs: int, template: int, streams: int) -> None:
    size = scaled(jobs)
    done = _Timer()
    conn = connect(url)
    conn.autocommit = False
    cur = conn.cursor()
    per_agency = _people(cur, size["agencies"], size["organizations"], size["officers"], done)
    inserts = _chunk_sql(cur, jobs, template, size, per_agency)
    conn.commit()  # the deferred checks of the rows above run before their constraints go
    detached = Detached(conn, BIG_TABLES)
    detached.detach(conn)
    conn.commit()
    done("indexes and constraints of the big tables dropped, tables unlogged")
    chunks = [(lo, min(jobs, lo + CHUNK)) for lo in range(0, jobs, CHUNK)]
    statements = [inserts[t](lo, hi) for lo, hi in chunks for t in BIG_TABLES]
    in_parallel(url, statements, streams)
    done(f"{jobs:,} jobs, their shifts, positions and assignments ({streams} streams)")
    detached.attach(url, streams, done)
    for table in BIG_TABLES:
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    cur.execute("DROP TABLE bench_ag, bench_org, bench_off")
    cur.execute("CREATE TABLE bench_scale_built (jobs int)")
    conn.commit()
    conn.autocommit = True
    in_parallel(url, [f"VACUUM (ANALYZE) {t}" for t in BIG_TABLES], streams)
    cur.execute("VACUUM (ANALYZE)")
    done("vacuum analyze")
    for table in BIG_TABLES:
        cur.execute(
            f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}"
        )
        rows, bytes_ = cur.fetchone()
        print(f"    {table}: {rows:,} rows, {bytes_}")
    conn.close()

"""Deadline sweeps: the time of one pass of every sweep (``jobs.sweeps.run_all``, what beat runs
each minute) with 10,000 jobs in the database and with 1,000,000, the same 1,000 rows DUE each
time: 500 completed jobs whose customer gets the survey, and 500 unpaid prepayment invoices
whose deadline falls in the next 24 hours (the customer is reminded; NOPD-PAY-1). The cost must
follow the due rows, not the table: the ratio large/small is to stay at or under 2.

The databases: one per size, built once on the server of ``DATABASE_URL`` and KEPT
(``dh_bench_sweeps_<jobs>``, marked complete by a ``bench_sweeps_built`` table; a changed
``BUILD_VERSION`` rebuilds, new migrations are applied): one job is booked and approved through
the services (its invoice issued), the rest are copies of it written in SQL (``INSERT ... SELECT
generate_series``, only the tables the sweeps read: jobs and their invoices): most ended long ago
and paid, some cancelled and credited, some far ahead with open invoices due far ahead. Each run
measures a throwaway copy (``CREATE DATABASE ... TEMPLATE``, dropped at the end) where the due
rows are added, so the kept databases never change.

    .venv/bin/python bench/sweeps.py            # build what is missing, then measure
    .venv/bin/python bench/sweeps.py --rebuild  # build both databases again
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import _throwaway_db
from _common import ROOT, setup_django

SMALL, LARGE = 10_000, 1_000_000
DUE_SURVEYS, DUE_REMINDERS = 500, 500
TARGET_RATIO = 2.0
BUILD_VERSION = "3"  # bump when the shape of the built data changes
T = datetime(2027, 6, 1, 15, tzinfo=UTC)  # the measured moment
TEMPLATE_START = datetime(2027, 5, 20, 15, tzinfo=UTC)


# --- databases (no Django here: each database is used by a process of its own) -------------------


def _url(name: str) -> str:
    return _throwaway_db._with_db(_throwaway_db.server_url(), name)


def _admin(sql: str, params=()) -> list:
    with _throwaway_db._admin_connection(_throwaway_db.server_url()) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _built(name: str) -> bool:
    """The database ``name`` exists and was built completely by this version."""
    import psycopg

    if not _admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        return False
    with psycopg.connect(_url(name).replace("postgres://", "postgresql://", 1)) as conn:
        if not conn.execute("SELECT to_regclass('bench_sweeps_built')").fetchone()[0]:
            return False
        row = conn.execute("SELECT version FROM bench_sweeps_built").fetchone()
        return bool(row) and row[0] == BUILD_VERSION


def _child(*args: str, url: str) -> str:
    """Run this script in a process of its own on the database ``url``; its last line."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "detailhire.settings"}
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def base(jobs: int, rebuild: bool) -> str:
    """The kept database of ``jobs`` jobs: reused (migrated) when built, else built now."""
    name = f"dh_bench_sweeps_{jobs}"
    if not rebuild and _built(name):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
            env={**os.environ, "DATABASE_URL": _url(name)},
            check=True,
        )
        print(f"sweeps: reusing {name}", flush=True)
        return name
    started = time.monotonic()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    _child("--build", str(jobs), url=_url(name))
    print(f"sweeps: built {name} in {time.monotonic() - started:.0f} s", flush=True)
    return name


def measure_copy(name: str) -> dict:
    """Measure on a throwaway copy of the kept database ``name``."""
    copy = f"{name}_run_{os.getpid()}"
    _admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    try:
        return json.loads(_child("--measure", url=_url(copy)))
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


# --- building (in a Django process) --------------------------------------------------------------


def quiet_django() -> None:
    setup_django()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from detailhire.celery import app

    app.conf.task_always_eager = True
    logging.getLogger("celery").setLevel(logging.WARNING)  # one line per mail otherwise
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def template_job() -> tuple[int, int]:
    """One job booked and approved through the services, and its invoice (issued at approval)."""
    from django_scopes import scopes_disabled

    from agencies.models import Agency
    from billing.models import Invoice
    from billing.services.invoicing import issue_invoice_for_job
    from customers.models import CustomerOrganization
    from jobs.services import approve_job
    from tests.factories import user
    from tests.jobs.helpers import request_job

    with scopes_disabled():
        customer = user("customer@acme.demo")
        job = request_job(
            actor=customer,
            organization=CustomerOrganization.objects.get(members__user=customer),
            agency=Agency.objects.get(slug="nopd"),
            title="Bench detail",
            address="1200 Poydras St, New Orleans",
            category="traffic_control",
            tier="2+",
            shifts=[
                {
                    "starts_at": TEMPLATE_START,
                    "ends_at": TEMPLATE_START + timedelta(hours=4),
                    "officers": 1,
                }
            ],
            now=datetime(2027, 5, 1, tzinfo=UTC),
        )
        approve_job(job, actor=user("coordinator@nopd.demo"), now=datetime(2027, 5, 2, tzinfo=UTC))
        invoice = Invoice._base_manager.filter(job=job, purpose=Invoice.Purpose.JOB).first()
        if invoice is None:
            invoice = issue_invoice_for_job(job, actor=None, at=datetime(2027, 5, 2, tzinfo=UTC))
    return job.pk, invoice.pk


def _columns(cursor, table: str) -> dict[str, str]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return dict(cursor.fetchall())


def copy_jobs(template: int, count: int, *, status: str, first: str, step: str, light: bool):
    """``count`` copies of the template job, the n-th starting at ``first + n * step`` (4 hours
    long), in ``status``; ``light``: without its snapshots (rows no sweep reads). Returns the
    range of their ids."""
    from django.db import connection

    with connection.cursor() as cursor:
        columns = _columns(cursor, "jobs_job")
        override = {
            "status": "%(status)s",
            "starts_at": "%(first)s::timestamptz + g * %(step)s::interval",
            "ends_at": "%(first)s::timestamptz + g * %(step)s::interval + interval '4 hours'",
            "requested_at": "%(first)s::timestamptz + g * %(step)s::interval - interval '10 days'",
            "idempotency_key": "''",
        }
        if light:
            override.update({c: "'{}'::jsonb" for c, kind in columns.items() if kind == "jsonb"})
        select = ", ".join(override.get(c, f'j."{c}"') for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.execute("SELECT max(id) FROM jobs_job")
        after = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO jobs_job ({names}) SELECT {select} "  # noqa: S608 - column names
            "FROM jobs_job j, generate_series(1, %(count)s) g WHERE j.id = %(template)s",
            {"status": status, "first": first, "step": step, "count": count, "template": template},
        )
    return after


def copy_invoices(template_invoice: int, after_job: int) -> None:
    """One job invoice per job with an id above ``after_job``, copied from the template's: due
    48 hours before the job's start (its deadline too); paid when the job completed, credited
    when it was cancelled, open otherwise."""
    from django.db import connection

    with connection.cursor() as cursor:
        columns = _columns(cursor, "billing_invoice")
        cursor.execute("SELECT max(sequence) FROM billing_invoice")
        offset = cursor.fetchone()[0] or 0
        due = "j.starts_at - interval '48 hours'"
        override = {
            "job_id": "j.id",
            "sequence": f"{offset} + j.n",
            "number": f"t.number || '-B' || ({offset} + j.n)",
            "status": "CASE j.status WHEN 'completed' THEN 'paid' WHEN 'cancelled' THEN "
            "'credited' ELSE 'issued' END",
            "due_at": due,
            "deadline_at": due,
            "issued_at": "j.starts_at - interval '10 days'",
            "service_starts_at": "j.starts_at",
            "service_ends_at": "j.ends_at",
            "pdf": "''",
        }
        select = ", ".join(override.get(c, f't."{c}"') for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.execute(
            f"INSERT INTO billing_invoice ({names}) SELECT {select} "  # noqa: S608 - names
            "FROM billing_invoice t, (SELECT id, status, starts_at, ends_at, "
            "row_number() OVER (ORDER BY id) AS n FROM jobs_job WHERE id > %(after)s) j "
            "WHERE t.id = %(template)s",
            {"after": after_job, "template": template_invoice},
        )
        # the numbering counter goes on after the copies (billing.numbering)
        cursor.execute(
            "UPDATE billing_invoicecounter c SET last = m.last FROM (SELECT agency_id, year, "
            "max(sequence) AS last FROM billing_invoice GROUP BY agency_id, year) m "
            "WHERE c.agency_id = m.agency_id AND c.year = m.year"
        )


def build(jobs: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    quiet_django()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, no_jobs=True)
    job, invoice = template_job()
    started = time.monotonic()
    rest = jobs - 1
    past, cancelled = rest * 7 // 10, rest // 10
    ahead = rest - past - cancelled
    after = copy_jobs(job, past, status="completed", first="2020-01-01", step="2 minutes",
                      light=True)  # fmt: skip
    copy_jobs(job, cancelled, status="cancelled", first="2027-06-01", step="1 minute", light=True)
    copy_jobs(job, ahead, status="approved", first="2028-01-01", step="1 minute", light=True)
    copy_invoices(invoice, after)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_sweeps_built (version text, job int, invoice int)")
        cursor.execute(
            "INSERT INTO bench_sweeps_built VALUES (%s, %s, %s)", [BUILD_VERSION, job, invoice]
        )
        cursor.execute("ANALYZE")
    print(f"{time.monotonic() - started:.0f}")


# --- measuring (in a Django process, on a throwaway copy) ----------------------------------------


def sweep_seconds(now: datetime) -> tuple[float, dict, dict]:
    """One pass of every sweep, as ``run_all`` makes it: its time, what each did, each one's
    time."""
    from jobs.sweeps import registered, run_sweep

    results, each = [], {}
    started = time.perf_counter()
    for sweep in registered():
        before = time.perf_counter()
        results.append(run_sweep(sweep, now))
        each[sweep.name] = time.perf_counter() - before
    elapsed = time.perf_counter() - started
    failed = [r.summary() for r in results if not r.ok]
    if failed:
        raise RuntimeError("; ".join(failed))
    return elapsed, {r.name: r.count for r in results if r.count}, each


def measure() -> None:
    from django.db import connection
    from django_scopes import scopes_disabled

    quiet_django()
    with connection.cursor() as cursor:
        cursor.execute("SELECT job, invoice FROM bench_sweeps_built")
        job, invoice = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM jobs_job")
        jobs = cursor.fetchone()[0]
    with scopes_disabled():
        # due: completed just before T (a survey each), and unpaid invoices due within 24 h
        first = (T - timedelta(hours=4, minutes=DUE_SURVEYS + 1)).isoformat()
        copy_jobs(job, DUE_SURVEYS, status="completed", first=first, step="1 minute", light=False)
        first = (T + timedelta(hours=48)).isoformat()
        after = copy_jobs(
            job, DUE_REMINDERS, status="approved", first=first, step="2 minutes", light=False
        )
        copy_invoices(invoice, after)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        sweep_seconds(T - timedelta(days=3))  # warm: caches, prepared statements
        seconds, did, each = sweep_seconds(T)
    print(json.dumps({"jobs": jobs, "seconds": seconds, "did": did, "each": each}))


# --- the bench -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build both databases again")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build(args.build)
        return True
    if args.measure:
        measure()
        return True
    if not _throwaway_db.available():
        print("sweeps: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    figures = {size: measure_copy(base(size, args.rebuild)) for size in (SMALL, LARGE)}
    small, large = figures[SMALL], figures[LARGE]
    ratio = large["seconds"] / small["seconds"] if small["seconds"] else float("inf")
    due = {"surveys": DUE_SURVEYS, "prepayment-reminders": DUE_REMINDERS}
    did_all = all(f["did"].get(k) == v for f in (small, large) for k, v in due.items())
    ok = ratio <= TARGET_RATIO and did_all
    print(
        f"sweeps: one pass with {DUE_SURVEYS + DUE_REMINDERS:,} due: "
        f"{small['seconds'] * 1000:,.0f} ms at {small['jobs']:,} jobs, "
        f"{large['seconds'] * 1000:,.0f} ms at {large['jobs']:,} jobs; ratio {ratio:.2f} "
        f"(target <= {TARGET_RATIO:.0f}) {'meets target' if ok else 'ABOVE TARGET'}"
    )
    print(f"sweeps: did {small['did']} then {large['did']}")
    slowest = sorted(large["each"], key=large["each"].get, reverse=True)[:4]
    print(
        "sweeps: slowest at each size: "
        + ", ".join(
            f"{n} {small['each'][n] * 1000:,.0f}/{large['each'][n] * 1000:,.0f} ms" for n in slowest
        )
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

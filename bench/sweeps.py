"""Deadline sweeps: the time of one pass of every sweep (``jobs.sweeps.run_all``, what beat runs
each minute) with SMALL jobs in the table and with LARGE, the same number DUE each time. The cost
must follow the due rows, not the table: the ratio large/small is to stay at or under 2.

On a throwaway PostgreSQL database (created, migrated, seeded, dropped). One job is booked and
approved through the services; the others are copies of it written with one INSERT ... SELECT
over generate_series (ended long ago, cancelled, or far ahead: rows no sweep is due to touch),
plus two batches of DUE jobs completed just before each measured moment (the survey sweep emails
each one's customer, so every pass does real work)."""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime, timedelta

import _throwaway_db
from _common import setup_django

SMALL, LARGE, DUE = 10_000, 200_000, 200
TARGET_RATIO = 2.0
T1 = datetime(2027, 6, 1, 15, tzinfo=UTC)
T2 = T1 + timedelta(days=30)


def template_job() -> int:
    from django_scopes import scopes_disabled

    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs.services import approve_job
    from tests.factories import user
    from tests.jobs.helpers import request_job

    start = datetime(2027, 5, 20, 15, tzinfo=UTC)
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
            shifts=[{"starts_at": start, "ends_at": start + timedelta(hours=4), "officers": 1}],
            now=datetime(2027, 5, 1, tzinfo=UTC),
        )
        approve_job(job, actor=user("coordinator@nopd.demo"), now=datetime(2027, 5, 2, tzinfo=UTC))
    return job.pk


def copy_jobs(template: int, count: int, *, status: str, first_start: str, step: str) -> None:
    """``count`` copies of the template job, the n-th starting at ``first_start + n * step``
    (4 hours long), in ``status``."""
    from django.db import connection

    from jobs.models import Job

    columns = [
        f.column for f in Job._meta.concrete_fields if f.column not in ("id", "idempotency_key")
    ]
    override = {
        "status": "%(status)s",
        "starts_at": "%(first)s::timestamptz + g * %(step)s::interval",
        "ends_at": "%(first)s::timestamptz + g * %(step)s::interval + interval '4 hours'",
        "requested_at": "%(first)s::timestamptz + g * %(step)s::interval - interval '10 days'",
    }
    select = ", ".join(override.get(c, f'j."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO jobs_job ({names}, "idempotency_key") '  # noqa: S608 - column names
            f"SELECT {select}, '' FROM jobs_job j, generate_series(1, %(count)s) g "
            "WHERE j.id = %(template)s",
            {"status": status, "first": first_start, "step": step, "count": count,
             "template": template},
        )  # fmt: skip


def fill(template: int, count: int, offset: int) -> None:
    """Rows no sweep is due to touch: most ended long before T1, some cancelled, some far ahead."""
    past = count * 7 // 10
    cancelled = count // 10
    ahead = count - past - cancelled
    first_past = f"2020-01-0{1 + offset % 9}"
    copy_jobs(template, past, status="completed", first_start=first_past, step="10 minutes")
    copy_jobs(template, cancelled, status="cancelled", first_start="2027-06-01", step="1 minute")
    copy_jobs(template, ahead, status="approved", first_start="2028-01-01", step="5 minutes")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sweep_seconds(now: datetime) -> tuple[float, dict]:
    from jobs.sweeps import run_all

    started = time.perf_counter()
    results = run_all(now)
    elapsed = time.perf_counter() - started
    failed = [r.summary() for r in results if not r.ok]
    if failed:
        raise RuntimeError("; ".join(failed))
    return elapsed, {r.name: r.count for r in results if r.count}


def main() -> bool:
    if not _throwaway_db.available():
        print("sweeps: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    name, _ = _throwaway_db.create("dh_bench_sweeps")
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django_scopes import scopes_disabled

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        from detailhire.celery import app

        app.conf.task_always_eager = True
        logging.getLogger("celery").setLevel(logging.WARNING)  # one line per mail otherwise
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, no_jobs=True)
        with scopes_disabled():
            template = template_job()
            # the due batches: completed just before each measured moment (a survey each)
            for moment in (T1, T2):
                first = (moment - timedelta(hours=4, minutes=DUE + 1)).isoformat()
                copy_jobs(template, DUE, status="completed", first_start=first, step="1 minute")
            fill(template, SMALL - 2 * DUE - 1, 0)
            analyze()
            sweep_seconds(T1 - timedelta(days=3))  # warm: caches, prepared statements
            small, did_small = sweep_seconds(T1)
            fill(template, LARGE - SMALL, 1)
            analyze()
            large, did_large = sweep_seconds(T2)
        ratio = large / small if small else float("inf")
        ok = ratio <= TARGET_RATIO and did_small.get("surveys") == did_large.get("surveys") == DUE
        print(
            f"sweeps: one pass with {DUE:,} due: {small * 1000:,.0f} ms at {SMALL:,} jobs, "
            f"{large * 1000:,.0f} ms at {LARGE:,} jobs; ratio {ratio:.2f} (target <= "
            f"{TARGET_RATIO:.0f}) {'meets target' if ok else 'ABOVE TARGET'}"
        )
        print(f"sweeps: did {did_small} then {did_large}")
        return ok
    finally:
        _throwaway_db.drop(name)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

"""The coordinator's desk (``GET /staff/``) with 100 and with 10,000 jobs of the agency in the
database: its server time (median of several requests, in process) and its query count, which must
not grow with the jobs (target: under 100 ms of server time at 10,000 jobs). Runs on a throwaway
PostgreSQL database (the server of DATABASE_URL or the local one), dropped at the end."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from decimal import Decimal

import _throwaway_db
from _common import setup_django

SMALL, LARGE = 100, 10_000
TARGET_MS = 100.0
REQUESTS = 15
CPU_MS: list[float] = []  # the Python CPU time of each measure() (load moves it far less)
CYCLE = 16 * 7 * 24 // 7  # start times 7 hours apart over 16 weeks, then again
STATUSES = ("requested", "approved", "filled", "in_progress", "completed", "cancelled")


def add_jobs(count: int, start_index: int) -> None:
    """``count`` jobs of every status, two officers each, spread from 8 weeks ago to 8 ahead;
    filled ones with their officers assigned."""
    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from accounts.models import User
    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs.models import Job, Position, PricedCard, Shift
    from officers.models import Assignment, Officer

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        bench_card = PricedCard.of(agency.pk, 1, {})
        customer = User.objects.get(email="customer@acme.demo")
        organization = CustomerOrganization.objects.get(members__user=customer)
        officers = list(Officer.objects.filter(agency=agency))
        for batch in range(0, count, 2_000):
            n = min(2_000, count - batch)
            jobs = []
            for k in range(n):
                i = start_index + batch + k
                starts = now + timedelta(hours=7 * ((i * 37) % CYCLE) - 8 * 7 * 24)
                jobs.append(
                    Job(
                        agency=agency,
                        organization=organization,
                        created_by=customer,
                        title=f"Bench detail {i}",
                        category="traffic_control",
                        rank="officer",
                        tier="2+",
                        address="1 Bench St, New Orleans",
                        status=STATUSES[i % len(STATUSES)],
                        requested_at=starts - timedelta(days=3),
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=4),
                        card_version=1,
                        card=bench_card,
                        request_snapshot={},
                        quote={"officer_pay": "296.00", "admin_fee": "40.00"},
                        total=Decimal("336.00"),
                    )
                )
            jobs = Job.objects.bulk_create(jobs)
            shifts = Shift.objects.bulk_create(
                Shift(
                    job=job,
                    index=0,
                    starts_at=job.starts_at,
                    ends_at=job.ends_at,
                    officers=2,
                    officer_pay_rate=Decimal("37.00"),
                )
                for job in jobs
            )
            positions = Position.objects.bulk_create(
                Position(
                    shift=shift,
                    index=p,
                    officer_pay_rate=Decimal("37.00"),
                    status="filled" if shift.job.status in ("filled", "completed") else "open",
                )
                for shift in shifts
                for p in range(2)
            )
            # one officer pair per cycle of start times: nobody holds two details at once
            index_of = {job.pk: start_index + batch + k for k, job in enumerate(jobs)}
            rows = []
            for position in positions:
                i = index_of[position.shift.job_id]
                pair = i // CYCLE
                if position.status != "filled" or 2 * pair + 1 >= len(officers):
                    continue
                rows.append(
                    Assignment(
                        position=position,
                        officer=officers[2 * pair + position.index],
                        state="completed" if position.shift.job.status == "completed" else "active",
                        starts_at=position.shift.starts_at,
                        ends_at=position.shift.ends_at,
                        hours_worked=Decimal("4.00"),
                    )
                )
            Assignment.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Queries:
    """Counts the statements a request runs, and how long each took."""

    def __init__(self):
        self.timings: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timings.append(((time.perf_counter() - started) * 1000, sql))


def measure(client, show_slowest: bool = False) -> tuple[float, int]:
    from django.db import connection

    client.get("/staff/")  # warm the session and the card cache
    queries = Queries()
    with connection.execute_wrapper(queries):
        response = client.get("/staff/")
    assert response.status_code == 200, response.content[:300]
    if show_slowest:
        for ms, sql in sorted(queries.timings, reverse=True)[:5]:
            print(f"dashboard:   {ms:6.1f} ms  {sql[:160]}")
    times, cpu = [], []
    for _ in range(REQUESTS):
        started, started_cpu = time.perf_counter(), time.thread_time()
        client.get("/staff/")
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    CPU_MS.append(statistics.median(cpu))
    return statistics.median(times), len(queries.timings)


def median_ms(client, path: str) -> float:
    client.get(path)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> bool:
    if not _throwaway_db.available():
        print("dashboard: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    name, _url = _throwaway_db.create("dh_bench_desk")
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.ALLOWED_HOSTS = ["*"]
        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, no_jobs=True)
        client = Client()
        client.force_login(User.objects.get(email="coordinator@nopd.demo"))

        add_jobs(SMALL, 0)
        small_ms, small_q = measure(client)
        add_jobs(LARGE - SMALL, SMALL)
        large_ms, large_q = measure(client, show_slowest=True)
        baseline = median_ms(client, "/staff/attendance/")
        grows = large_q > small_q
        ok = large_ms < TARGET_MS and not grows
        print(
            f"dashboard: GET /staff/ {small_ms:.1f} ms, {small_q} queries at {SMALL:,} jobs; "
            f"{large_ms:.1f} ms, {large_q} queries at {LARGE:,} jobs "
            f"({'GROWS' if grows else 'constant'}; target under {TARGET_MS:.0f} ms) "
            f"{'meets target' if ok else 'BELOW TARGET'}"
        )
        print(
            f"dashboard: for scale, GET /staff/attendance/ (two small queries) takes "
            f"{baseline:.1f} ms on this machine now"
        )
        print(
            f"dashboard: Python CPU per request (the machine's load moves it far less than the "
            f"wall time): {CPU_MS[0]:.1f} ms at {SMALL:,} jobs, {CPU_MS[-1]:.1f} ms at {LARGE:,}"
        )
        return ok
    finally:
        _throwaway_db.drop(name)


if __name__ == "__main__":
    main()

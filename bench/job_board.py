"""The job board with 50,000 positions in the database: ``GET /api/v1/positions/open/`` requests
per second as a ratio to the bare ``GET /api/v1/ping/`` on the same gunicorn server (target >=
0.25), and the board's query count at 1,000 and at 50,000 positions (must not grow). Runs on a
throwaway PostgreSQL database (the server of DATABASE_URL or the local one), dropped at the end.
Bounded in requests and time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import _throwaway_db
from _common import setup_django
from _http_load import request_rate
from quote_api import free_port, server_env, start_server, wait_ready

TARGET_RATIO = 0.25
SMALL, LARGE = 1_000, 50_000
POSITIONS_PER_JOB = 5
CLIENTS = 4
SECONDS = 2.0
ROUNDS = 5  # ping and board alternately; the median round's ratio is reported
MAX_REQUESTS = 10_000
WARMUP = 100


def add_positions(count: int, start_index: int) -> None:
    """``count`` open officer positions, POSITIONS_PER_JOB per one-shift job, spread over years."""
    from django_scopes import scopes_disabled

    from accounts.models import User
    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs.models import Job, Position, PricedCard, Shift

    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        bench_card = PricedCard.of(agency.pk, 1, {})
        customer = User.objects.get(email="customer@acme.demo")
        organization = CustomerOrganization.objects.get(members__user=customer)
        base = datetime(2027, 1, 1, 14, tzinfo=UTC)
        jobs_needed = count // POSITIONS_PER_JOB
        for batch_start in range(0, jobs_needed, 2_000):
            n = min(2_000, jobs_needed - batch_start)
            starts = [base + timedelta(hours=6 * (start_index + batch_start + k)) for k in range(n)]
            jobs = Job.objects.bulk_create(
                Job(
                    agency=agency,
                    organization=organization,
                    created_by=customer,
                    title=f"Bench detail {start_index + batch_start + k}",
                    category="traffic_control",
                    rank="officer",
                    tier="2+",
                    address="1 Bench St, New Orleans",
                    status=Job.Status.APPROVED,
                    requested_at=base - timedelta(days=30),
                    starts_at=s,
                    ends_at=s + timedelta(hours=4),
                    card_version=1,
                    card=bench_card,
                    request_snapshot={},
                    quote={},
                    total=Decimal("740.00"),
                )
                for k, s in enumerate(starts)
            )
            shifts = Shift.objects.bulk_create(
                Shift(
                    job=job,
                    index=0,
                    starts_at=job.starts_at,
                    ends_at=job.ends_at,
                    officers=POSITIONS_PER_JOB,
                    officer_pay_rate=Decimal("37.00"),
                )
                for job in jobs
            )
            Position.objects.bulk_create(
                Position(
                    shift=shift,
                    index=i,
                    officer_pay_rate=Decimal("37.00"),
                    status=Position.Status.OPEN,
                )
                for shift in shifts
                for i in range(POSITIONS_PER_JOB)
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def board_queries(token: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/v1/positions/open/")  # warm the card cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/positions/open/")
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def load(port: int, path: str, headers: dict) -> float:
    result = request_rate(
        port,
        "GET",
        path,
        headers=headers,
        clients=CLIENTS,
        seconds=SECONDS,
        max_requests=MAX_REQUESTS,
        warmup=WARMUP,
    )
    print(result.line(f"job_board: {path}"))
    return result.rate if not result.errors else 0.0


def main() -> bool:
    if not _throwaway_db.available():
        print("job_board: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    name, database_url = _throwaway_db.create("dh_bench_board")
    var_dir = Path(tempfile.mkdtemp(prefix="detailhire-bench-"))
    (var_dir / "static").mkdir()
    server = None
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from rest_framework.authtoken.models import Token

        from accounts.models import User

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, no_jobs=True)
        token = Token.objects.get_or_create(user=User.objects.get(email="officer1@nopd.demo"))[0]

        started = time.perf_counter()
        add_positions(SMALL, 0)
        small = board_queries(token.key)
        add_positions(LARGE - SMALL, SMALL // POSITIONS_PER_JOB)
        large = board_queries(token.key)
        print(
            f"job_board: {LARGE:,} open positions created in {time.perf_counter() - started:.1f}s"
        )
        grows = large > small
        print(
            f"job_board: queries per board request: {small} at {SMALL:,} positions, "
            f"{large} at {LARGE:,} ({'GROWS' if grows else 'constant'})"
        )

        from django.db import connections

        connections.close_all()
        env = server_env(var_dir)
        env["DATABASE_URL"] = database_url
        port = free_port()
        server = start_server(env, port)
        wait_ready(port, server)
        board_headers = {"Authorization": f"Token {token.key}"}
        rounds = []  # alternating, so a slower or faster spell of the machine hits both
        for _ in range(ROUNDS):
            ping = load(port, "/api/v1/ping/", {})
            board = load(port, "/api/v1/positions/open/", board_headers)
            rounds.append((board / ping if ping else 0.0, board, ping))
        ratio, board, ping = sorted(rounds)[len(rounds) // 2]  # the median round
        print(f"job_board: ratios by round {', '.join(f'{r[0]:.2f}' for r in rounds)}")
        ok = ratio >= TARGET_RATIO and not grows
        verdict = "meets target" if ratio >= TARGET_RATIO else "BELOW TARGET"
        print(
            f"job_board: board/ping ratio {ratio:.2f}, median of {ROUNDS} rounds "
            f"({board:,.0f} / {ping:,.0f} requests/s; "
            f"target {TARGET_RATIO}) {verdict}; queries per request {small} at {SMALL:,} "
            f"positions, {large} at {LARGE:,} (token authentication included)"
        )
        return ok
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)
        _throwaway_db.drop(name)


if __name__ == "__main__":
    main()

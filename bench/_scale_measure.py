"""The measurements of bench/scale.py: every role's pages and API endpoints and the sweeps, on
one database: p50/p95 server time, response size and query count; and the comparison of a small
and a large database (the large/small ratio)."""

from __future__ import annotations

import gc
import os
import statistics
import time

REPEAT = 15  # requests per measured URL (after one warm-up)
TARGET_MS = 100
TARGET_RATIO = 3  # large/small, for pages and API endpoints
TARGET_SWEEP_MS = 50  # a sweep with nothing due, whatever the table's size


def targets() -> list[tuple[str, str, str]]:
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


def measure(url: str, only: list[str] | None = None) -> dict[str, dict]:
    """Every target and sweep on the database at ``url`` (or those whose label holds one of
    ``only``): p50/p95 ms, bytes, queries."""
    os.environ["DATABASE_URL"] = url
    from django.db import connection, connections, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    connections.close_all()
    clients = {"public": Client()}
    for role, email in USERS.items():
        clients[role] = Client()
        clients[role].force_login(User._base_manager.get(email=email))
    results = {}
    for role, label, path in targets():
        if only and not any(text in f"{role}: {label}" for text in only):
            continue
        client = clients[role]
        client.get(path)  # warm
        # the measuring process holds every client's session and what the pages before built: a
        # full collection now, not inside one of this page's requests (a 100+ ms pause there)
        gc.collect()
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        reset_queries()  # a full query log (9,000) would count nothing
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        results[f"{role}: {label}"] = {
            "status": response.status_code,
            "p50": statistics.median(times),
            "p95": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
            "bytes": len(response.content) if not response.streaming else 0,
            "queries": len(queries),
        }
    results.update(_sweeps(only))
    return results


SETTLE_PASSES = 50


def _sweeps(only: list[str] | None = None) -> dict[str, dict]:
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from jobs import sweeps

    found = {}
    # Settle what came due since the build, pass after pass until one does nothing: a sweep's
    # work can make another's due (job-progress completes jobs the surveys sweep then owes), and
    # the mail-outbox sweep sends at most 500 a pass. Then nothing is due while measuring.
    for _ in range(SETTLE_PASSES):
        now = timezone.now()
        if not sum(sweeps.run_sweep(sweep, now).count for sweep in sweeps.registered()):
            break
    for sweep in sweeps.registered():
        if only and not any(text in f"sweep: {sweep.name}" for text in only):
            continue
        times, count = [], 0
        for _ in range(5):
            reset_queries()  # the sweeps that settled filled the query log: it would count nothing
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


def print_table(small: dict, large: dict | None) -> bool:
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
            if key.startswith("sweep:"):
                slow = big["p95"] > TARGET_SWEEP_MS
            else:
                slow = big["p95"] > TARGET_MS or (ratio > TARGET_RATIO and big["p95"] > 10)
            if slow:
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

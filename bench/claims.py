"""Contended claims (PLAT-CLAIM-1): 20 concurrent clients race for 10 open positions, round after
round, on PostgreSQL (a throwaway database on the server of DATABASE_URL or the local one:
created, migrated, seeded, dropped). Each client is a thread with its own connection calling the
claim service, as the API does. Prints claim attempts and claims per second, and the number of
double assignments (a position with two holders, or an officer with overlapping details): it
must be 0. Bounded in rounds and time."""

from __future__ import annotations

import random
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import _throwaway_db
from _common import setup_django

CLIENTS = 20
POSITIONS = 10
MAX_ROUNDS = 8
SECONDS = 20.0  # posting rounds stops after half of this; threads are joined within 3x
TZ = ZoneInfo("America/Chicago")


def prepare():
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from accounts.models import User
    from agencies.models import Agency
    from officers.models import Officer

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, no_jobs=True)
    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        users = []
        for n in range(CLIENTS):
            user = User.objects.create_user(
                email=f"bench{n}@nopd.bench", password=None, full_name=f"Bench Officer {n}"
            )
            Officer.objects.create(
                user=user,
                agency=agency,
                rank="officer",
                badge_number=f"B{n:03d}",
                seniority_date=date(2015, 1, 1) + timedelta(days=n),
            )
            users.append(user)
    return users


def post_round(round_no: int) -> list[int]:
    """A job of POSITIONS one-hour shifts, one officer each, on separate days (no overlaps, far
    below the hour caps), approved: POSITIONS open positions."""
    from django_scopes import scopes_disabled

    from accounts.models import User
    from agencies.models import Agency
    from customers.models import CustomerOrganization
    from jobs.inputs import JobDetails, PricingInput, ShiftInput
    from jobs.models import Position
    from jobs.services.booking import request_job
    from jobs.services.lifecycle import approve_job

    first = datetime(2027, 1, 4, 10, tzinfo=TZ) + timedelta(weeks=3 * round_no)
    with scopes_disabled():
        customer = User.objects.get(email="customer@acme.demo")
        job = request_job(
            actor=customer,
            organization=CustomerOrganization.objects.get(members__user=customer),
            pricing=PricingInput(
                agency=Agency.objects.get(slug="nopd"),
                category="traffic_control",
                tier="2+",
                shifts=tuple(
                    ShiftInput(first + timedelta(days=k), first + timedelta(days=k, hours=4), 1)
                    for k in range(POSITIONS)
                ),
            ),
            details=JobDetails(title=f"Bench round {round_no}", address="1 Bench St"),
        )
        approve_job(job, actor=User.objects.get(email="coordinator@nopd.demo"))
        return list(
            Position.objects.filter(shift__job=job, status="open").values_list("pk", flat=True)
        )


def doubles() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT position_id FROM officers_assignment "
            "WHERE state = 'active' GROUP BY position_id HAVING count(*) > 1) AS d"
        )
        positions = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM officers_assignment a JOIN officers_assignment b "
            "ON a.officer_id = b.officer_id AND a.id < b.id AND a.state = 'active' "
            "AND b.state = 'active' AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        )
        overlaps = cursor.fetchone()[0]
    return positions, overlaps


def race(users, rounds_positions) -> tuple[int, int, int, float]:
    """Every client tries every position of a round, in its own random order."""
    from django.db import connection

    from accounts.roles import roles_of
    from detailhire.errors import ConflictError
    from officers.services.claims import claim_position

    for user in users:
        roles_of(user)
    barrier = threading.Barrier(len(users))
    lock = threading.Lock()
    totals = {"attempts": 0, "won": 0, "errors": 0}

    def client(user, seed):
        rng = random.Random(seed)  # noqa: S311 - shuffling, not security
        attempts = won = errors = 0
        try:
            for position_ids in rounds_positions:
                order = list(position_ids)
                rng.shuffle(order)
                barrier.wait(timeout=60)
                for position_id in order:
                    attempts += 1
                    try:
                        claim_position(position_id, actor=user)
                        won += 1
                    except ConflictError:
                        pass
                    except Exception as error:  # noqa: BLE001 - counted and shown
                        errors += 1
                        print(f"claims: {error!r}")
        finally:
            connection.close()
            with lock:
                totals["attempts"] += attempts
                totals["won"] += won
                totals["errors"] += errors

    threads = [threading.Thread(target=client, args=(u, i)) for i, u in enumerate(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS * 3)
    elapsed = time.perf_counter() - started
    return totals["attempts"], totals["won"], totals["errors"], elapsed


def main() -> bool:
    if not _throwaway_db.available():
        print("claims: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    name, _url = _throwaway_db.create("dh_bench_claims")
    try:
        setup_django()
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        users = prepare()
        setup_started = time.perf_counter()
        rounds = []
        while len(rounds) < MAX_ROUNDS and time.perf_counter() - setup_started < SECONDS / 2:
            rounds.append(post_round(len(rounds)))
        attempts, won, errors, elapsed = race(users, rounds)
        double_positions, overlaps = doubles()
        print(
            f"claims: {CLIENTS} clients, {POSITIONS} positions x {len(rounds)} rounds: "
            f"{attempts} attempts, {won} claims won, {errors} errors in {elapsed:.2f}s"
        )
        print(f"claims: {attempts / elapsed:,.0f} claim attempts/s, {won / elapsed:,.0f} claims/s")
        expected = POSITIONS * len(rounds)
        print(
            f"claims: double assignments {double_positions}, overlapping assignments {overlaps} "
            f"(must be 0); positions filled {won} of {expected}"
        )
        ok = double_positions == 0 and overlaps == 0 and errors == 0 and won == expected
        print(f"claims: {'OK' if ok else 'FAILED'}")
        return ok
    finally:
        _throwaway_db.drop(name)


if __name__ == "__main__":
    main()

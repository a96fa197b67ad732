"""PLAT-CLAIM-1 and PLAT-OVERLAP-1 under real concurrency: threads, each with its own PostgreSQL
connection, released together by a barrier.

First the control: with the claim's locks switched off and the database
constraints dropped, many officers claiming the last position DO end up with more than one
assignment, so the race the other tests guard against is real. Then, with locking on, exactly one
wins; one officer's two overlapping claims yield one assignment; and the exclusion constraint by
itself refuses an overlapping insert that bypasses the service."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django_scopes import scopes_disabled

from accounts.roles import roles_of
from detailhire.errors import ConflictError
from officers.dbops import DROP_OVERLAP_SQL, OVERLAP_CONSTRAINT, OVERLAP_SQL
from officers.models import Assignment
from officers.services import claims
from officers.services.claims import TAKEN, claim_position
from tests.officers.helpers import book, local, officer, positions, seed

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

OFFICERS = range(1, 13)  # NOPD's twelve demo officers: all may hold an officer position
CONTROL_ATTEMPTS = 8


def run_together(calls) -> list[str]:
    """Run each ``(function, args)`` in its own thread and connection, all released at once.
    Returns "ok" or the refusal's message, per call."""
    barrier = threading.Barrier(len(calls))
    results: list[str | None] = [None] * len(calls)

    def worker(index, function, args):
        try:
            barrier.wait(timeout=30)
            function(*args)
            results[index] = "ok"
        except ConflictError as refused:
            results[index] = str(refused)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            results[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, function, args))
        for i, (function, args) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def claimers():
    """The officers' users, their roles resolved beforehand (cached on each user object)."""
    users = [officer(n).user for n in OFFICERS]
    for user in users:
        roles_of(user)
    return users


def active_assignments(position) -> int:
    with scopes_disabled():
        return Assignment.objects.filter(position=position, state="active").count()


@contextlib.contextmanager
def locking_and_constraints_off():
    """The naive claim: no row locks, and neither the one-holder index nor the exclusion
    constraint in the database. Restored (after removing the double assignments) on exit."""
    unique = next(
        c for c in Assignment._meta.constraints if c.name == "one_active_assignment_per_position"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(Assignment, unique)
        editor.execute(DROP_OVERLAP_SQL)
    claims.LOCKING = False
    try:
        yield
    finally:
        claims.LOCKING = True
        with scopes_disabled():
            Assignment._base_manager.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Assignment, unique)
            editor.execute(OVERLAP_SQL)


def test_control_without_locks_the_last_position_is_claimed_twice_plat_claim_1():
    """PLAT-CLAIM-1: the race is real. Without locks and constraints, some attempt
    yields more than one active assignment for one position."""
    seed()
    users = claimers()
    doubled = []
    with locking_and_constraints_off():
        for attempt in range(CONTROL_ATTEMPTS):
            day = local(2027, 3, 1 + attempt, 8)
            (position,) = positions(book(f"Race {attempt}", ((day, day + timedelta(hours=4), 1),)))
            results = run_together(
                [(lambda pk, u: claim_position(pk, actor=u), (position.pk, u)) for u in users]
            )
            assert not [r for r in results if r.startswith("error")], results
            holders = active_assignments(position)
            doubled.append(holders)
            if holders > 1:
                break
    assert max(doubled) > 1, f"the race never happened in {len(doubled)} attempts: {doubled}"
    print(f"control: active assignments per attempt {doubled}")


def test_many_officers_claim_the_last_position_exactly_one_wins_plat_claim_1():
    """PLAT-CLAIM-1."""
    seed()
    users = claimers()
    for attempt in range(3):
        day = local(2027, 3, 1 + attempt, 8)
        (position,) = positions(book(f"Race {attempt}", ((day, day + timedelta(hours=4), 1),)))
        results = run_together(
            [(lambda pk, u: claim_position(pk, actor=u), (position.pk, u)) for u in users]
        )
        assert results.count("ok") == 1, results
        assert results.count(TAKEN) == len(users) - 1, results
        assert active_assignments(position) == 1


def test_one_officer_claims_two_overlapping_positions_at_once_plat_overlap_1():
    """PLAT-OVERLAP-1."""
    seed()
    (user,) = [officer(1).user]
    roles_of(user)
    for attempt in range(3):
        day = local(2027, 3, 1 + attempt, 8)
        (gate,) = positions(book(f"Gate {attempt}", ((day, day + timedelta(hours=8), 1),)))
        (parade,) = positions(
            book(f"Parade {attempt}", ((day + timedelta(hours=4), day + timedelta(hours=10), 1),))
        )
        results = run_together(
            [(lambda pk: claim_position(pk, actor=user), (p.pk,)) for p in (gate, parade)]
        )
        assert results.count("ok") == 1, results
        (refusal,) = [r for r in results if r != "ok"]
        assert refusal.startswith("This overlaps your"), refusal
        with scopes_disabled():
            held = Assignment.objects.filter(officer__user=user, state="active")
            assert held.filter(position__in=[gate, parade]).count() == 1


def test_the_exclusion_constraint_alone_refuses_an_overlapping_insert_plat_overlap_1():
    """PLAT-OVERLAP-1."""
    seed()
    gate_job = book("Gate", ((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    parade_job = book("Parade", ((local(2027, 3, 9, 12), local(2027, 3, 9, 18), 1),))
    later_job = book("Later", ((local(2027, 3, 9, 16), local(2027, 3, 9, 20), 1),))
    (gate,), (parade,), (later,) = positions(gate_job), positions(parade_job), positions(later_job)
    holder = officer(1)
    with scopes_disabled():

        def insert(position, state="active"):
            return Assignment._base_manager.create(
                position=position,
                officer=holder,
                state=state,
                starts_at=position.shift.starts_at,
                ends_at=position.shift.ends_at,
            )

        insert(gate)
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            insert(parade)
        assert OVERLAP_CONSTRAINT in str(refused.value)
        insert(later)  # back to back: [8, 16) and [16, 20) do not overlap
        insert(parade, state="withdrawn")  # only active assignments count

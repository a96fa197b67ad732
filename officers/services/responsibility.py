"""Who is in charge on site (NOPD-SUP-1): on a shift with supervisor positions, the supervisor
holder (the most senior of them when several); otherwise the most senior assigned officer (highest
rank level on the card, then the earliest seniority date). Exactly one per shift that has any
active assignment; recomputed after every claim, withdrawal and substitution."""

from __future__ import annotations

from agencies.pricing import card as c
from jobs.models import Position
from officers.models import Assignment
from officers.services.cards import rank_level
from officers.states import LIVE_STATES


def seniority_key(card: c.RateCard, assignment: Assignment):
    officer = assignment.officer
    return (-rank_level(card, officer.rank), officer.seniority_date, officer.pk)


def choose_responsible(card: c.RateCard, assignments: list[Assignment]) -> Assignment | None:
    if not assignments:
        return None
    supervisors = [a for a in assignments if a.position.role == Position.Role.SUPERVISOR]
    pool = supervisors or assignments
    return min(pool, key=lambda a: seniority_key(card, a))


def recompute_responsibility(shift_id: int, *, card: c.RateCard) -> Assignment | None:
    """Mark exactly one active assignment of the shift responsible; returns it (None: nobody)."""
    active = list(
        Assignment._base_manager.filter(
            position__shift_id=shift_id, state__in=LIVE_STATES
        ).select_related("officer", "position")
    )
    chosen = choose_responsible(card, active)
    others = [a.pk for a in active if a is not chosen and a.responsible]
    if others:
        Assignment._base_manager.filter(pk__in=others).update(responsible=False)
    if chosen is not None and not chosen.responsible:
        Assignment._base_manager.filter(pk=chosen.pk).update(responsible=True)
        chosen.responsible = True
    # assignments no longer active keep no responsibility
    Assignment._base_manager.filter(position__shift_id=shift_id, responsible=True).exclude(
        state__in=LIVE_STATES
    ).update(responsible=False)
    return chosen

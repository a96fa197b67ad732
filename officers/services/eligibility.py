"""May this officer hold this position? Rank for supervisor positions, specialty for task-based
jobs, and the preferred officers' priority window (NOPD-REL-1). The job board applies the same
rules as a query (``board``); a claim re-checks them here under lock."""

from __future__ import annotations

from datetime import datetime

from agencies.pricing import card as c
from detailhire.errors import ConflictError
from jobs.models import Job, Position
from officers.models import Officer
from officers.services.cards import rank_level, rank_name, rank_of
from officers.services.timefmt import day_and_time


def check_rank_and_specialty(card: c.RateCard, officer: Officer, position: Position) -> None:
    """Raise ConflictError with the reason when ``officer`` may not hold ``position``."""
    own = rank_of(card, officer.rank)
    if position.role == Position.Role.SUPERVISOR and not (own and own.supervisor):
        needed = rank_name(card, position.required_rank) if position.required_rank else None
        raise ConflictError(
            "This is a supervisor position: it needs "
            + (f"a {needed} or higher rank." if needed else "a supervisor rank.")
        )
    if position.required_rank and rank_level(card, officer.rank) < rank_level(
        card, position.required_rank
    ):
        raise ConflictError(
            f"This position needs a {rank_name(card, position.required_rank)} or higher; "
            f"your rank is {rank_name(card, officer.rank)}."
        )
    if position.required_specialty and position.required_specialty not in (
        officer.specialties or []
    ):
        raise ConflictError(
            f"This detail needs the {position.required_specialty} specialty, which your profile "
            "does not list."
        )


def is_preferred(job: Job, officer: Officer) -> bool:
    return job.preferred_officers.through._default_manager.filter(
        job_id=job.pk, officer_id=officer.pk
    ).exists()


def check_preferred_window(job: Job, officer: Officer, position: Position, now: datetime) -> None:
    """NOPD-REL-1: until ``preferred_until`` only the job's preferred officers may claim."""
    if position.preferred_until is None or position.preferred_until <= now:
        return
    if is_preferred(job, officer):
        return
    raise ConflictError(
        "This position is held for officers who have worked this customer's detail before, "
        f"until {day_and_time(position.preferred_until, job.agency.time_zone)}; "
        "it opens to everyone then."
    )


def rank_codes_at_or_below(card: c.RateCard, code: str) -> list[str]:
    """Rank codes an officer of rank ``code`` satisfies as a required rank (and "": none asked)."""
    level = rank_level(card, code)
    return ["", *(rank.code for rank in card.ranks if rank.level <= level)]


def holds_supervisor_rank(card: c.RateCard, code: str) -> bool:
    rank = rank_of(card, code)
    return bool(rank and rank.supervisor)

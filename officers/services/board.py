"""The job board: the open positions an officer may claim, in one query whatever the data size.

Eligibility is applied in SQL with values computed from the card beforehand: supervisor positions
only for supervisor ranks, a required rank only for officers at or above it, a specialty only for
officers who have it, and positions in their preferred window only for the job's preferred
officers (NOPD-REL-1). Indexes: open positions by shift (``position_open_by_shift``), shifts by
start, jobs by agency, status and start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies.ratecards import NoRateCard
from jobs.models import Job, Position
from officers.models import Officer
from officers.services.cards import card_for_agency
from officers.services.eligibility import holds_supervisor_rank, rank_codes_at_or_below

BOARD_JOB_STATES = (Job.Status.APPROVED, Job.Status.FILLED)
# what the board shows: never the job's large snapshot columns
BOARD_FIELDS = (
    "id",
    "role",
    "required_rank",
    "required_specialty",
    "officer_pay_rate",
    "preferred_until",
    "status",
    "shift__id",
    "shift__starts_at",
    "shift__ends_at",
    "shift__job__id",
    "shift__job__title",
    "shift__job__address",
    "shift__job__tier",
    "shift__job__job_type",
    "shift__job__category_name",
    "shift__job__post_orders",
)


@dataclass(frozen=True)
class BoardFilters:
    starts_from: datetime | None = None  # shifts starting at or after
    starts_to: datetime | None = None  # shifts starting before
    min_pay: Decimal | None = None  # officer pay rate at least
    job_type: str | None = None


def open_positions_for(
    officer: Officer, *, now: datetime | None = None, filters: BoardFilters | None = None
) -> QuerySet[Position]:
    """Open positions of the officer's agency they are eligible for, soonest first. Lazy: the
    caller slices it; evaluating it costs one query."""
    now = now or timezone.now()
    filters = filters or BoardFilters()
    try:
        card = card_for_agency(officer.agency)
    except NoRateCard:  # nothing is posted without a card
        return Position._base_manager.none()
    rank_ok = rank_codes_at_or_below(card, officer.rank)
    preferred_jobs = Job.preferred_officers.through._default_manager.filter(
        officer_id=officer.pk
    ).values("job_id")

    positions = Position._base_manager.filter(
        status=Position.Status.OPEN,
        shift__cancelled=False,
        shift__starts_at__gt=max(now, filters.starts_from or now),
        shift__job__agency_id=officer.agency_id,
        shift__job__status__in=BOARD_JOB_STATES,
        required_rank__in=rank_ok,
    )
    if not holds_supervisor_rank(card, officer.rank):
        positions = positions.exclude(role=Position.Role.SUPERVISOR)
    positions = positions.filter(
        Q(required_specialty="") | Q(required_specialty__in=list(officer.specialties or []))
    )
    positions = positions.filter(
        Q(preferred_until__isnull=True)
        | Q(preferred_until__lte=now)
        | Q(shift__job_id__in=preferred_jobs)
    )
    if filters.starts_to is not None:
        positions = positions.filter(shift__starts_at__lt=filters.starts_to)
    if filters.min_pay is not None:
        positions = positions.filter(officer_pay_rate__gte=filters.min_pay)
    if filters.job_type:
        positions = positions.filter(shift__job__job_type=filters.job_type)
    return (
        positions.select_related("shift__job")
        .only(*BOARD_FIELDS)
        .order_by("shift__starts_at", "pk")
    )

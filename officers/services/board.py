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
# what the board shows, read as plain values (never the job's large snapshot columns, and no
# model instances: the board is the most requested page of the site)
BOARD_VALUES = (
    "id",
    "shift__job_id",
    "shift__job__title",
    "shift__job__job_type",
    "shift__job__category_name",
    "shift__job__address",
    "shift__starts_at",
    "shift__ends_at",
    "role",
    "required_rank",
    "required_specialty",
    "officer_pay_rate",
    "shift__job__tier",
    "preferred_until",
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
    caller slices it; evaluating it costs one query. ``board_rows`` turns a slice into the API's
    rows."""
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
    return positions.order_by("shift__starts_at", "pk")


def board_rows(positions: QuerySet[Position], time_zone: str) -> list[dict]:
    """The API rows (officers.serializers.OpenPositionSerializer documents them) of a slice of
    ``open_positions_for``: one query, plain values."""
    from zoneinfo import ZoneInfo

    from officers.serializers import summary

    tz = ZoneInfo(time_zone)

    def when(moment):
        return moment.astimezone(tz).isoformat() if moment is not None else None

    return [
        {
            "id": v[0],
            "job": v[1],
            "job_title": v[2],
            "job_type": v[3],
            "category": v[4],
            "address": v[5],
            "starts_at": when(v[6]),
            "ends_at": when(v[7]),
            "role": v[8],
            "required_rank": v[9],
            "required_specialty": v[10],
            "officer_pay_rate": f"{v[11]:.2f}",
            "tier": v[12],
            "preferred_until": when(v[13]),
            "post_orders": summary(v[14]),
        }
        for v in positions.values_list(*BOARD_VALUES)
    ]

"""The job board: the open positions an officer may claim, in one query whatever the data size.

Eligibility is applied in SQL with values computed from the card beforehand: supervisor positions
only for supervisor ranks, a required rank only for officers at or above it, a specialty only for
officers who have it, and positions in their preferred window only for the job's preferred
officers (NOPD-REL-1). Indexes: open positions by shift (``position_open_by_shift``), shifts by
start, jobs by agency, status and start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import OfficerProfile
from agencies.ratecards import NoRateCard
from detailhire.db import fetch_rows
from jobs.models import Job, Position
from officers.models import Officer
from officers.services.cards import card_for_agency
from officers.services.eligibility import holds_supervisor_rank, rank_codes_at_or_below

# a job in progress still offers the positions of its shifts ahead (the query asks for those)
BOARD_JOB_STATES = (Job.Status.APPROVED, Job.Status.FILLED, Job.Status.IN_PROGRESS)


@dataclass(frozen=True)
class BoardFilters:
    starts_from: datetime | None = None  # shifts starting at or after
    starts_to: datetime | None = None  # shifts starting before
    min_pay: Decimal | None = None  # officer pay rate at least
    job_type: str | None = None


@dataclass(frozen=True)
class _Eligibility:
    """What the card and the officer's profile allow, as values for the query."""

    rank_codes: list[str]  # required ranks the officer satisfies ("" = none asked)
    supervisor: bool  # may hold supervisor positions
    specialties: list[str]


def _eligibility(card, rank: str, specialties) -> _Eligibility:
    return _Eligibility(
        rank_codes=rank_codes_at_or_below(card, rank),
        supervisor=holds_supervisor_rank(card, rank),
        specialties=list(specialties or []),
    )


def open_positions_for(
    officer: Officer, *, now: datetime | None = None, filters: BoardFilters | None = None
) -> QuerySet[Position]:
    """Open positions of the officer's agency they are eligible for, soonest first. Lazy: the
    caller slices it; evaluating it costs one query (the officer pages). The API reads the same
    rows with ``board_page``."""
    now = now or timezone.now()
    filters = filters or BoardFilters()
    try:
        card = card_for_agency(officer.agency)
    except NoRateCard:  # nothing is posted without a card
        return Position._base_manager.none()
    allowed = _eligibility(card, officer.rank, officer.specialties)
    preferred_jobs = Job.preferred_officers.through._default_manager.filter(
        officer_id=officer.pk
    ).values("job_id")

    positions = Position._base_manager.filter(
        status=Position.Status.OPEN,
        shift__cancelled=False,
        shift__starts_at__gt=max(now, filters.starts_from or now),
        shift__job__agency_id=officer.agency_id,
        shift__job__status__in=BOARD_JOB_STATES,
        required_rank__in=allowed.rank_codes,
    )
    if not allowed.supervisor:
        positions = positions.exclude(role=Position.Role.SUPERVISOR)
    positions = positions.filter(
        Q(required_specialty="") | Q(required_specialty__in=allowed.specialties)
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


# --- the API's board: the same rules as one plain statement -----------------------------------
#
# ``GET /api/v1/positions/open/`` is the most requested endpoint. Building and compiling the ORM
# query above costs several times what PostgreSQL needs to answer it (0.2 ms with the indexes at
# 50,000 positions), and loading its timestamps through the ORM costs more than the query, so the
# API reads the same rows with a statement built once per process, prepared on the server
# (``detailhire.db.fetch_rows``: binary results, so times are datetimes whatever the DateStyle;
# SQLite stores them as ISO text), planned once per connection (code constants written inline,
# see ``_word``). The officer's rank, specialties and agency come with the roles
# (``accounts.roles.OfficerProfile``, read with the API token). tests/officers checks both paths
# agree.


_SQL: dict[str, str] = {}


def _sql() -> dict[str, str]:
    """The statements' fixed parts, from the models' metadata (identifiers only, never values)."""
    if _SQL:
        return _SQL
    q = connection.ops.quote_name
    preferred = Job.preferred_officers.through

    def col(model, field, alias):
        return f"{alias}.{q(model._meta.get_field(field).column)}"

    def table(model, alias):
        return f"{q(model._meta.db_table)} {alias}"

    P, S, J = Position, Position.shift.field.related_model, Job  # noqa: N806
    _SQL["select"] = (
        f"SELECT {col(P, 'id', 'p')}, {col(S, 'job', 's')}, {col(J, 'title', 'j')}, "  # noqa: S608
        f"{col(J, 'job_type', 'j')}, {col(J, 'category_name', 'j')}, {col(J, 'address', 'j')}, "
        f"{col(S, 'starts_at', 's')}, {col(S, 'ends_at', 's')}, "
        f"{col(P, 'role', 'p')}, {col(P, 'required_rank', 'p')}, "
        f"{col(P, 'required_specialty', 'p')}, {col(P, 'officer_pay_rate', 'p')}, "
        f"{col(J, 'tier', 'j')}, {col(P, 'preferred_until', 'p')}, "
        f"{col(J, 'post_orders', 'j')} "
        f"FROM {table(P, 'p')} "
        f"INNER JOIN {table(S, 's')} ON {col(P, 'shift', 'p')} = {col(S, 'id', 's')} "
        f"INNER JOIN {table(J, 'j')} ON {col(S, 'job', 's')} = {col(J, 'id', 'j')} "
        f"WHERE {col(P, 'status', 'p')} = {_word(Position.Status.OPEN)} "
        f"AND NOT {col(S, 'cancelled', 's')} "
        f"AND {col(S, 'starts_at', 's')} > %s AND {col(J, 'agency', 'j')} = %s "
        f"AND {col(J, 'status', 'j')} IN ({', '.join(_word(s) for s in BOARD_JOB_STATES)}) "
        f"AND ({col(P, 'preferred_until', 'p')} IS NULL "
        f"OR {col(P, 'preferred_until', 'p')} <= %s "
        f"OR {col(S, 'job', 's')} IN (SELECT {col(preferred, 'job', 'u')} "
        f"FROM {table(preferred, 'u')} WHERE {col(preferred, 'officer', 'u')} = %s))"
    )
    _SQL["rank_in"] = f" AND {col(P, 'required_rank', 'p')} IN "
    _SQL["not_supervisor"] = f" AND {col(P, 'role', 'p')} <> {_word(Position.Role.SUPERVISOR)}"
    _SQL["specialty"] = f" AND ({col(P, 'required_specialty', 'p')} = ''"
    _SQL["specialty_in"] = f" OR {col(P, 'required_specialty', 'p')} IN "
    _SQL["starts_to"] = f" AND {col(S, 'starts_at', 's')} < %s"
    _SQL["min_pay"] = f" AND {col(P, 'officer_pay_rate', 'p')} >= %s"
    _SQL["job_type"] = f" AND {col(J, 'job_type', 'j')} = %s"
    _SQL["order"] = (
        f" ORDER BY {col(S, 'starts_at', 's')} ASC, {col(P, 'id', 'p')} ASC LIMIT %s OFFSET %s"
    )
    return _SQL


def _word(value) -> str:
    """A code constant (a choice value such as ``open``) written into the statement, so that
    PostgreSQL plans it knowing the value: the prepared statement is planned once per connection
    (a generic plan, see detailhire/postgresql) and only the caller's values stay parameters."""
    text = str(value)
    if not text.replace("_", "").isalnum() or not text.isascii():
        raise ValueError(f"not a plain code constant: {text!r}")
    return f"'{text}'"


def _in(values) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def board_page(
    officer: OfficerProfile,
    *,
    offset: int,
    limit: int,
    now: datetime | None = None,
    filters: BoardFilters | None = None,
) -> list[dict]:
    """Rows ``offset`` to ``offset + limit`` of the officer's board in the API's shape: the
    positions ``open_positions_for`` selects, in its order (officers.serializers.
    OpenPositionSerializer documents the rows). One query."""
    now = now or timezone.now()
    filters = filters or BoardFilters()
    try:
        card = card_for_agency(officer.agency_slug)
    except NoRateCard:
        return []
    allowed = _eligibility(card, officer.rank, officer.specialties)
    ops, sql = connection.ops, _sql()

    def moment(value):
        return ops.adapt_datetimefield_value(value)

    parts = [sql["select"]]
    params = [
        moment(max(now, filters.starts_from or now)),
        officer.agency_id,
        moment(now),
        officer.id,
    ]
    parts.append(sql["rank_in"] + _in(allowed.rank_codes))
    params.extend(allowed.rank_codes)
    if not allowed.supervisor:
        parts.append(sql["not_supervisor"])
    parts.append(sql["specialty"])
    if allowed.specialties:
        parts.append(sql["specialty_in"] + _in(allowed.specialties))
        params.extend(allowed.specialties)
    parts.append(")")
    if filters.starts_to is not None:
        parts.append(sql["starts_to"])
        params.append(moment(filters.starts_to))
    if filters.min_pay is not None:
        parts.append(sql["min_pay"])
        params.append(ops.adapt_decimalfield_value(filters.min_pay, 12, 2))
    if filters.job_type:
        parts.append(sql["job_type"])
        params.append(filters.job_type)
    parts.append(sql["order"])
    params.extend([limit, offset])
    return _render(fetch_rows("".join(parts), params), officer.time_zone)


def _render(rows, time_zone: str) -> list[dict]:
    """The rows in the API's shape. A page repeats the same few values (a shift's positions
    share its times, pay rate and job), so each distinct value is formatted once per page."""
    from officers.serializers import summary

    tz = ZoneInfo(time_zone)
    times: dict = {None: None}
    amounts: dict = {}
    summaries: dict = {}

    def when(value):
        text = times.get(value)
        if text is None and value is not None:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            if moment.tzinfo is None:  # SQLite keeps UTC as text without an offset
                moment = moment.replace(tzinfo=UTC)
            text = times[value] = moment.astimezone(tz).isoformat()
        return text

    def money(value):
        text = amounts.get(value)
        if text is None:
            amount = value if isinstance(value, Decimal) else Decimal(str(value))
            text = amounts[value] = f"{amount:.2f}"
        return text

    def post_orders(job_id, text):
        short = summaries.get(job_id)
        if short is None:
            short = summaries[job_id] = summary(text)
        return short

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
            "officer_pay_rate": money(v[11]),
            "tier": v[12],
            "preferred_until": when(v[13]),
            "post_orders": post_orders(v[1], v[14]),
        }
        for v in rows
    ]

"""The job board: the open positions an officer may claim, in one query whatever the data size.

One definition, ``open_positions_for`` (an ORM query), read two ways: the officer pages evaluate
it as models; the API (its most requested endpoint) runs the same query's SQL as a prepared
statement (``board_page``, see README.md next to this module for why and how).

Eligibility is applied in SQL with values computed from the card beforehand: supervisor positions
only for supervisor ranks, a required rank only for officers at or above it, a specialty only for
officers who have it, and positions in their preferred window only for the job's preferred
officers (NOPD-REL-1). Indexes: open positions by shift (``position_open_by_shift``), shifts by
start, jobs by agency, status and start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.roles import OfficerProfile
from agencies.ratecards import NoRateCard
from detailhire.db import fetch_rows
from jobs.models import Job, Position
from officers.models import Officer
from officers.services.cards import card_for_agency
from officers.services.eligibility import holds_supervisor_rank, rank_codes_at_or_below
from officers.states import CLAIMABLE_JOB_STATES, CLAIMABLE_POSITION_STATES


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
    officer: Officer,
    *,
    now: datetime | None = None,
    filters: BoardFilters | None = None,
    reserved_first: bool = False,
) -> QuerySet[Position]:
    """Open positions of the officer's agency they are eligible for, soonest first (with
    ``reserved_first``: the positions held for them as a preferred officer first, NOPD-REL-1).
    Lazy: the caller slices it; evaluating it costs one query (the officer pages). The API reads
    the same query with ``board_page``."""
    try:
        card = card_for_agency(officer.agency)
    except NoRateCard:  # nothing is posted without a card
        return Position._base_manager.none()
    return _board(
        _Who(officer.pk, officer.agency_id, _eligibility(card, officer.rank, officer.specialties)),
        now=now or timezone.now(),
        filters=filters or BoardFilters(),
        reserved_first=reserved_first,
    )


@dataclass(frozen=True)
class _Who:
    officer_id: int
    agency_id: int
    allowed: _Eligibility


def _board(
    who: _Who,
    *,
    now: datetime,
    filters: BoardFilters,
    reserved_first: bool = False,
    starts_after: datetime | None = None,
) -> QuerySet[Position]:
    """The board's one definition (both readers build it here). Shifts start after
    ``starts_after``: the later of now and the ``starts_from`` filter."""
    allowed = who.allowed
    preferred_jobs = Job.preferred_officers.through._default_manager.filter(
        officer_id=who.officer_id
    ).values("job_id")
    if starts_after is None:
        starts_after = _starts_after(now, filters)
    positions = Position._base_manager.filter(
        status__in=CLAIMABLE_POSITION_STATES,
        shift__cancelled=False,
        shift__starts_at__gt=starts_after,
        shift__job__agency_id=who.agency_id,
        shift__job__status__in=CLAIMABLE_JOB_STATES,
        required_rank__in=allowed.rank_codes,
    )
    if not allowed.supervisor:
        positions = positions.exclude(role=Position.Role.SUPERVISOR)
    specialty = Q(required_specialty="")
    if allowed.specialties:
        specialty |= Q(required_specialty__in=allowed.specialties)
    positions = positions.filter(specialty)
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
    if reserved_first:
        first = Case(
            When(preferred_until__gt=now, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return positions.order_by(first, "shift__starts_at", "pk")
    return positions.order_by("shift__starts_at", "pk")


def _starts_after(now: datetime, filters: BoardFilters) -> datetime:
    return now if filters.starts_from is None else max(now, filters.starts_from)


# --- the API's board: the same query as a prepared statement -------------------------------------
#
# ``GET /api/v1/positions/open/`` is the most requested endpoint. Building and compiling the ORM
# query costs several times what PostgreSQL needs to answer it (0.2 ms with the indexes at
# 50,000 positions), and loading its timestamps through model instances costs more than the
# query. So the API compiles ``_board`` once per process and query shape (which filters are set,
# how many ranks and specialties) with marker values, remembers where each value goes, and runs
# the SQL with the request's values as a server-side prepared statement
# (``detailhire.db.fetch_rows``: binary results, planned once per connection).

# the columns of a row, in the API's order (``_render``)
API_COLUMNS = (
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
    "shift__tier",
    "preferred_until",
    "shift__job__post_orders",
)


@dataclass(frozen=True)
class _Statement:
    sql: str  # ``%s`` for the request's values, then LIMIT and OFFSET
    slots: tuple[str, ...]  # which value each ``%s`` takes


_MARK_TIME = datetime(1901, 1, 1, tzinfo=UTC)
_STATEMENTS: dict[tuple, _Statement] = {}


def _shape(allowed: _Eligibility, filters: BoardFilters) -> tuple:
    return (
        len(allowed.rank_codes),
        allowed.supervisor,
        len(allowed.specialties),
        filters.starts_to is not None,
        filters.min_pay is not None,
        bool(filters.job_type),
    )


def _markers(shape: tuple) -> tuple[_Who, BoardFilters, dict]:
    """The query's inputs for ``shape`` as marker values, and which slot each marker stands for."""
    ranks, supervisor, specialties, starts_to, min_pay, job_type = shape
    marks: dict = {}

    def mark(slot: str, value):
        marks[value] = slot
        return value

    def moment(slot: str, k: int) -> datetime:
        value = _MARK_TIME + timedelta(seconds=k)
        # as the query's parameter it may be the backend's form of it (SQLite: text)
        marks[connection.ops.adapt_datetimefield_value(value)] = slot
        return mark(slot, value)

    who = _Who(
        mark("officer_id", -7_000_001),
        mark("agency_id", -7_000_002),
        _Eligibility(
            rank_codes=[mark(f"rank{i}", f"\x00rank{i}") for i in range(ranks)],
            supervisor=supervisor,
            specialties=[mark(f"specialty{i}", f"\x00specialty{i}") for i in range(specialties)],
        ),
    )
    moment("now", 1)
    moment("starts_after", 2)
    filters = BoardFilters(
        starts_to=moment("starts_to", 4) if starts_to else None,
        min_pay=mark("min_pay", Decimal("-7000003.01")) if min_pay else None,
        job_type=mark("job_type", "\x00job_type") if job_type else None,
    )
    return who, filters, marks


def _literal(value) -> str:
    """A constant of the query (a state code) written into the statement, so that PostgreSQL
    plans it knowing the value (the partial index of open positions): the statement is planned
    once per connection (a generic plan, see detailhire/postgresql)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if not (text == "" or (text.replace("_", "").isalnum() and text.isascii())):
        raise ValueError(f"not a plain code constant: {text!r}")
    return f"'{text}'"


def _statement(shape: tuple) -> _Statement:
    found = _STATEMENTS.get(shape)
    if found is not None:
        return found
    who, filters, marks = _markers(shape)
    by_slot = {slot: value for value, slot in marks.items()}
    queryset = _board(
        who, now=by_slot["now"], filters=filters, starts_after=by_slot["starts_after"]
    )
    sql, params = queryset.values_list(*API_COLUMNS).query.sql_with_params()
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:
        raise ValueError("the board's statement has an unexpected placeholder")
    text, slots = [pieces[0]], []
    for param, piece in zip(params, pieces[1:], strict=True):
        slot = None if isinstance(param, bool) else marks.get(param)
        if slot is None:
            text.append(_literal(param))
        else:
            text.append("%s")
            slots.append(slot)
        text.append(piece)
    statement = _Statement("".join(text) + " LIMIT %s OFFSET %s", tuple(slots))
    _STATEMENTS[shape] = statement
    return statement


def board_page(
    officer: OfficerProfile,
    *,
    offset: int,
    limit: int,
    now: datetime | None = None,
    filters: BoardFilters | None = None,
) -> list[dict]:
    """Rows ``offset`` to ``offset + limit`` of the officer's board in the API's shape: the rows
    of ``open_positions_for``, in its order (officers.serializers.OpenPositionSerializer
    documents them). One query."""
    now = now or timezone.now()
    filters = filters or BoardFilters()
    try:
        card = card_for_agency(officer.agency_slug)
    except NoRateCard:
        return []
    allowed = _eligibility(card, officer.rank, officer.specialties)
    if not allowed.rank_codes:
        return []
    statement = _statement(_shape(allowed, filters))
    ops = connection.ops
    values = {
        "officer_id": officer.id,
        "agency_id": officer.agency_id,
        "now": ops.adapt_datetimefield_value(now),
        "starts_after": ops.adapt_datetimefield_value(_starts_after(now, filters)),
        "starts_to": ops.adapt_datetimefield_value(filters.starts_to),
        "min_pay": ops.adapt_decimalfield_value(filters.min_pay, 12, 2),
        "job_type": filters.job_type,
    }
    values.update({f"rank{i}": code for i, code in enumerate(allowed.rank_codes)})
    values.update({f"specialty{i}": name for i, name in enumerate(allowed.specialties)})
    params = [values[slot] for slot in statement.slots]
    params += [limit, offset]
    return _render(fetch_rows(statement.sql, params), officer.time_zone)


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

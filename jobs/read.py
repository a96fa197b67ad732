"""What a job shows, read once for the pages and the API (so the two cannot drift).

Names (pages and API import these):

- ``job_queryset(*, detail=False)``: the jobs the caller may see (``Job.objects``, scoped), with
  everything a job page or the API detail reads prefetched: agency, organization, coordinator and
  their staff lines, preferred officers, shifts, their positions and the officers holding them;
  ``detail`` adds the timeline and the recorded changes. A constant number of queries.
- ``list_queryset()``: jobs for a list: agency, organization, coordinator, preferred officers and
  the shifts (each with ``filled_positions`` counted by the database), never the positions (a
  list row does not grow with a job's positions). ``all_shifts(job)``, ``live_shifts(job)`` and
  ``filled_count(shift)`` read them.
- ``page_list_queryset()``: jobs for the jobs page (``list_row``): agency, organization and the
  shifts' times and sizes; not the priced quote and request (kilobytes of JSON a row the page
  does not show), not what only the API's rows show (coordinator, preferred officers, invoices).
- ``rank_names(job) -> dict[str, str]`` and ``rank_name(job, code) -> str``: rank names of the
  job's card snapshot.
- ``coordinator(job) -> Coordinator | None``: the coordinator and the line customers call
  (NOPD-COORD-1): ``user``, ``name``, ``phone``, ``email``.
- ``holder(position) -> Assignment | None``: the assignment holding the position.
- ``shift_views(job) -> list[ShiftView]``: each shift with ``positions`` (``PositionView``:
  ``position``, ``rank_name``, ``assignment``, ``officer_rank_name``), ``wanted`` (positions still
  on) and ``filled`` (of those, how many an officer holds).
- ``list_row(job) -> ListRow``: a list row: ``job``, ``first`` shift, ``more`` shifts, the most
  ``officers`` on one shift (supervisors included), ``tz``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from agencies.models import StaffMembership
from audit.models import AuditEvent
from jobs.models import Job, JobChange, Position, Shift
from officers.models import Assignment
from officers.states import HOLDING_STATES

__all__ = [
    "Coordinator",
    "all_shifts",
    "filled_count",
    "live_shifts",
    "ListRow",
    "PositionView",
    "ShiftView",
    "coordinator",
    "holder",
    "invoice_ids",
    "job_queryset",
    "list_queryset",
    "list_row",
    "page_list_queryset",
    "rank_name",
    "rank_names",
    "shift_views",
]


def _invoices() -> Prefetch:
    """The job's invoices and credit notes, ids only (a job shows their ids; billing shows them)."""
    from billing.models import Invoice

    return Prefetch("invoices", queryset=Invoice.objects.only("pk", "job_id").order_by("pk"))


def invoice_ids(job: Job) -> list[int]:
    return [invoice.pk for invoice in job.invoices.all()]


def job_queryset(*, detail: bool = False):
    """Jobs the caller may see, with everything a job shows prefetched (a constant number of
    queries whatever the number of jobs, shifts and officers)."""
    holders = Assignment.objects.filter(state__in=HOLDING_STATES).select_related("officer__user")
    positions = Position.objects.order_by("index").prefetch_related(
        Prefetch("assignments", queryset=holders)
    )
    queryset = Job.objects.select_related("agency", "organization", "coordinator").prefetch_related(
        Prefetch("coordinator__staff_memberships", queryset=StaffMembership.objects.all()),
        "preferred_officers__user",
        "shifts",
        Prefetch("shifts__positions", queryset=positions),
        _invoices(),
    )
    if detail:
        queryset = queryset.prefetch_related(
            Prefetch("audit", queryset=AuditEvent.objects.select_related("actor")),
            Prefetch("changes", queryset=JobChange.objects.all()),
        )
    return queryset


def list_queryset():
    """Jobs with what a list shows: shifts with their filled positions counted, no positions
    (a constant number of queries, and rows that do not grow with a job's positions)."""
    shifts = Shift.objects.annotate(
        filled_positions=Count("positions", filter=Q(positions__status=Position.Status.FILLED))
    ).order_by("index")
    return Job.objects.select_related("agency", "organization", "coordinator").prefetch_related(
        Prefetch("coordinator__staff_memberships", queryset=StaffMembership.objects.all()),
        "preferred_officers__user",
        Prefetch("shifts", queryset=shifts),
        _invoices(),
    )


# what a jobs page row reads of a shift (``live_shifts``, ``list_row``, jobs/list.html)
_PAGE_SHIFT_FIELDS = ("id", "job_id", "index", "starts_at", "ends_at", "officers", "supervisors")
# the job's JSON the page rows never show: read and decoded for nothing
_PAGE_DEFERRED = ("request_snapshot", "quote", "warnings", "add_ons")


def page_list_queryset():
    """Jobs with what a row of the jobs page shows (``list_row``): one query for the jobs with
    their agency and organization, one for their shifts."""
    shifts = Shift.objects.only(*_PAGE_SHIFT_FIELDS, "cancelled").order_by("index")
    return (
        Job.objects.select_related("agency", "organization")
        .defer(*_PAGE_DEFERRED)
        .prefetch_related(Prefetch("shifts", queryset=shifts))
    )


def all_shifts(job: Job) -> list[Shift]:
    """Every shift of the job, removed ones included, in request order."""
    return list(job.shifts.all())


def filled_count(shift: Shift) -> int:
    """Positions of ``shift`` an officer filled (counted by ``list_queryset``, else read)."""
    found = getattr(shift, "filled_positions", None)
    if found is None:
        found = sum(1 for p in shift.positions.all() if p.status == Position.Status.FILLED)
    return found


def rank_names(job: Job) -> dict[str, str]:
    """Rank code -> name on the job's card snapshot (cached on the job)."""
    cache = getattr(job, "_rank_names", None)
    if cache is None:
        ranks = (job.card_snapshot or {}).get("ranks", [])
        cache = {rank.get("code"): rank.get("name") for rank in ranks}
        job._rank_names = cache
    return cache


def rank_name(job: Job, code: str) -> str:
    return rank_names(job).get(code, code) if code else ""


@dataclass(frozen=True)
class Coordinator:
    user: object
    name: str
    phone: str
    email: str


def coordinator(job: Job) -> Coordinator | None:
    """The job's coordinator and the direct line customers call (NOPD-COORD-1): their staff line
    at the job's agency, else their own phone."""
    user = job.coordinator
    if user is None:
        return None
    line = next(
        (m.phone for m in user.staff_memberships.all() if m.agency_id == job.agency_id and m.phone),
        "",
    )
    return Coordinator(user, user.display_name, line or user.phone, user.email)


def holder(position: Position) -> Assignment | None:
    """The assignment holding ``position`` (prefetched by ``job_queryset``), or None."""
    return next((a for a in position.assignments.all() if a.state in HOLDING_STATES), None)


@dataclass(frozen=True)
class PositionView:
    position: Position
    rank_name: str
    assignment: Assignment | None
    officer_rank_name: str


@dataclass(frozen=True)
class ShiftView:
    shift: Shift
    positions: list[PositionView]
    wanted: int
    filled: int


def shift_views(job: Job) -> list[ShiftView]:
    """The job's shifts, each with its positions and who holds them (``job_queryset`` data)."""
    rows = []
    for shift in job.shifts.all():
        positions = []
        for position in shift.positions.all():
            held = holder(position)
            positions.append(
                PositionView(
                    position,
                    rank_name(job, position.required_rank),
                    held,
                    rank_name(job, held.officer.rank) if held else "",
                )
            )
        live = [p for p in positions if p.position.status != Position.Status.CANCELLED]
        rows.append(
            ShiftView(shift, positions, len(live), sum(1 for p in live if p.assignment is not None))
        )
    return rows


def tier_words(job: Job, shifts: list[ShiftView]) -> str:
    """The tiers the job's shifts are priced at ("Tier 3"), saying so when a holiday or a
    high-demand date raised the tier chosen: what officers are shown and paid."""
    if not job.tier:
        return ""
    priced = sorted({view.shift.tier or job.tier for view in shifts}, key=_tier_order)
    words = " and ".join(f"Tier {tier}" for tier in priced or [job.tier])
    if priced and priced != [job.tier]:
        words += f" (Tier {job.tier} chosen; a holiday or high-demand date raises it)"
    return words


def _tier_order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


@dataclass(frozen=True)
class ListRow:
    job: Job
    first: Shift | None
    more: int
    officers: int
    tz: str


def live_shifts(job: Job) -> list[Shift]:
    """The shifts still on, in time order."""
    return sorted(
        (s for s in job.shifts.all() if not s.cancelled), key=lambda s: (s.starts_at, s.index)
    )


def list_row(job: Job) -> ListRow:
    shifts = live_shifts(job)
    return ListRow(
        job,
        shifts[0] if shifts else None,
        max(len(shifts) - 1, 0),
        max((s.officers + s.supervisors for s in shifts), default=0),
        job.agency.time_zone,
    )

"""Booking: a customer's request for officers becomes a priced job with shifts and positions.

Public functions (services own state changes; views, pages and tasks call these):

- ``price_request(pricing, *, now=None, card=None) -> PricedRequest``: check and price a
  request without saving anything (the live quote and the warnings shown before submitting).
- ``request_job(*, actor, organization, pricing, details, now=None) -> Job``: create the job (a
  weekly repeat creates a series), priced by the engine from the agency's current card and kept
  at that price (PLAT-SNAPSHOT-1). Idempotent per user and key.
- ``preferred_officer_choices(*, organization, agency, now=None)``: the officers a customer may
  ask for (NOPD-REL-1).

The values are typed (``jobs.inputs``: the edge read them, an API serializer or a page form);
what only the card or the database can tell (an unknown rank, a prohibited category, an officer
the customer may not ask for, more positions than the site allows) raises ``BookingError`` (a
``DomainError``) whose ``field`` names the request field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from agencies.models import Agency
from agencies.pricing import card as c
from agencies.pricing import codec
from agencies.pricing.engine import quote as engine_quote
from agencies.pricing.types import Quote, QuoteError, QuoteRequest, ShiftRequest
from agencies.pricing.wire import (
    add_ons_data,
    build_quote_request,
    check_bounds,
    localize,
    quote_to_data,
)
from audit.log import record
from customers.models import CustomerOrganization
from detailhire import policy
from detailhire.limits import limit, limits
from jobs.inputs import TEXT_LIMITS, JobDetails, PricingInput
from jobs.models import Job, JobSeries, Position, PricedCard, Shift
from jobs.services.common import BookingError, from_quote_error
from notifications import jobmail
from officers.models import Assignment, Officer
from officers.states import WORKED_STATES

__all__ = [
    "MAX_REPEAT_WEEKS",
    "REVIEW_WARNING",
    "PricedRequest",
    "positions_for",
    "preferred_officer_choices",
    "price_request",
    "request_job",
]

MAX_REPEAT_WEEKS = 52
REVIEW_WARNING = (
    "A coordinator will review whether the agency can take this kind of work before it is "
    "scheduled."
)
_REQUIRED = ("title", "address")


@dataclass(frozen=True)
class PricedRequest:
    """A checked request and its quotes: one per occurrence (one, or one per week)."""

    card: c.RateCard
    category: c.WorkCategory
    job_type: c.JobType
    requests: tuple[QuoteRequest, ...]
    quotes: tuple[Quote, ...]

    @property
    def request(self) -> QuoteRequest:
        return self.requests[0]

    @property
    def quote(self) -> Quote:
        return self.quotes[0]

    @property
    def warnings(self) -> tuple[str, ...]:
        """The first occurrence's warnings, plus the category review note."""
        extra = (REVIEW_WARNING,) if self.category.needs_review else ()
        return tuple(dict.fromkeys((*self.quote.warnings, *extra)))

    @property
    def requires_approval(self) -> bool:
        return self.quote.requires_approval or self.category.needs_review


# --- checks --------------------------------------------------------------------------------------


def _text(field: str, value: str) -> str:
    """Typed text, stripped; required fields and lengths as ``TEXT_LIMITS`` says."""
    most = TEXT_LIMITS[field]
    value = value.strip()
    words = field.replace("_", " ")
    if field in _REQUIRED and not value:
        raise BookingError(f"The {words} is required.", field=field)
    if len(value) > most:
        raise BookingError(f"The {words} can be at most {most} characters.", field=field)
    return value


def _category(card: c.RateCard, slug: str) -> c.WorkCategory:
    """The card's work category ``slug``; prohibited ones are refused with the agency's reason
    (ODM-PROHIB-1)."""
    slug = slug.strip()
    if not slug:
        raise BookingError("Choose the kind of work (the category).", field="category")
    found = next((wc for wc in card.work_categories if wc.slug == slug), None)
    if found is None:
        names = ", ".join(f"{wc.slug} ({wc.name})" for wc in card.work_categories)
        raise BookingError(f"Unknown category {slug!r}. Choose one of: {names}.", field="category")
    if found.prohibited:
        reason = found.reason or "The agency does not allow its officers to take this work."
        raise BookingError(f"{found.name}: {reason}", field="category")
    return found


def _repeat_weeks(value: int) -> int:
    if value < 0 or value > MAX_REPEAT_WEEKS:
        raise BookingError(
            f"The weekly repeat can be 0 to {MAX_REPEAT_WEEKS} weeks.", field="repeat_weeks"
        )
    return value


def _weeks_later(request: QuoteRequest, weeks: int, tz: ZoneInfo) -> QuoteRequest:
    """The same request ``weeks`` weeks later, at the same local wall-clock times (a 6 PM shift
    stays a 6 PM shift across a daylight-saving change)."""
    if not weeks:
        return request

    def move(moment: datetime) -> datetime:
        local = moment.astimezone(tz).replace(tzinfo=None) + timedelta(weeks=weeks)
        return local.replace(tzinfo=tz)

    shifts = tuple(
        ShiftRequest(move(s.starts_at), move(s.ends_at), s.officers) for s in request.shifts
    )
    return replace(request, shifts=shifts)


def price_request(
    pricing: PricingInput, *, now: datetime | None = None, card: c.RateCard | None = None
) -> PricedRequest:
    """Check and price ``pricing`` without saving anything: the card's codes, the site's bounds
    (PLAT-LIMIT-1: shifts, officers, dates, shift length, positions per job) and the engine's
    rules. ``card`` defaults to the agency's current card. Raises ``BookingError`` naming the
    field."""
    from agencies.ratecards import card_for_start, current_card

    now = now or timezone.now()
    if card is None:
        try:
            zone = ZoneInfo(pricing.agency.time_zone)
            starts = [localize(s.starts_at, zone) for s in pricing.shifts if s.starts_at]
            # the version in force on the first shift's date (a price change published from a
            # later date already prices that date's shifts)
            card = card_for_start(current_card(pricing.agency), min(starts, default=None))
        except (Agency.DoesNotExist, LookupError):
            raise BookingError(
                "This agency does not take requests online yet.", field="agency"
            ) from None
    found = _category(card, pricing.category)
    weeks = _repeat_weeks(pricing.repeat_weeks)
    tz = ZoneInfo(card.time_zone)
    try:
        first = build_quote_request(
            card,
            requested_at=now,
            shifts=tuple(
                ShiftRequest(localize(s.starts_at, tz), localize(s.ends_at, tz), s.officers)
                for s in pricing.shifts
            ),
            rank=(pricing.rank or "").strip() or None,
            tier=(pricing.tier or "").strip() or None,
            job_type=(pricing.job_type or "").strip() or "hourly",
            add_ons=tuple(code.strip() for code in pricing.add_ons if code.strip()),
            quantities=pricing.quantities,
        )
        check_bounds(first, limits(), now=now)
        requests = tuple(_weeks_later(first, k, tz) for k in range(max(weeks, 1)))
        quotes = []
        for k, request in enumerate(requests):
            try:
                quotes.append(engine_quote(card, request))
            except QuoteError as exc:
                if k == 0:
                    raise
                raise BookingError(
                    f"Week {k + 1} of the repeat: {exc.message}", field="repeat_weeks"
                ) from None
    except QuoteError as exc:
        raise from_quote_error(exc) from None
    except ArithmeticError:  # OverflowError, InvalidOperation: beyond what can be computed
        raise BookingError(
            "These shifts cannot be priced: check the dates and officers.", field="shifts"
        ) from None
    job_type_obj = next(jt for jt in card.job_types if jt.code == first.job_type)
    priced = PricedRequest(card, found, job_type_obj, requests, tuple(quotes))
    _check_positions(priced)
    return priced


def _check_positions(priced: PricedRequest) -> None:
    """PLAT-LIMIT-1: one job holds at most ``positions_per_job`` positions (every shift's officers
    and supervisors)."""
    most = limit("positions_per_job")
    for request, quote in zip(priced.requests, priced.quotes, strict=True):
        needed = sum(
            len(positions_for(priced.card, priced.job_type, "", quote, i, shift.officers))
            for i, shift in enumerate(request.shifts)
        )
        if needed > most:
            raise BookingError(
                f"At most {most} positions in one job (officers and supervisors over every "
                f"shift); this request needs {needed}. Split it into several jobs.",
                field="shifts",
            )


# --- preferred officers (NOPD-REL-1) -------------------------------------------------------------


def _worked_for(organization_id: int, agency_id: int, now: datetime):
    """Officer ids of the agency who worked a past shift of this organization's jobs."""
    return (
        Assignment._base_manager.filter(
            state__in=WORKED_STATES,
            starts_at__lt=now,
            officer__agency_id=agency_id,
            position__shift__job__organization_id=organization_id,
            position__shift__job__agency_id=agency_id,
        )
        .values_list("officer_id", flat=True)
        .distinct()
    )


def preferred_officer_choices(
    *, organization: CustomerOrganization, agency: Agency, now: datetime | None = None
) -> list[Officer]:
    """The officers a customer may ask for first: active officers of ``agency`` who worked past
    shifts of ``organization``'s jobs (NOPD-REL-1), most senior first."""
    now = now or timezone.now()
    with scopes_disabled():
        return list(
            Officer.objects.filter(
                pk__in=_worked_for(organization.pk, agency.pk, now), agency=agency, active=True
            )
            .select_related("user")
            .order_by("seniority_date", "pk")
        )


def _preferred(
    ids: tuple[int, ...], organization: CustomerOrganization, agency: Agency, now
) -> list[int]:
    clean = list(dict.fromkeys(ids))
    if not clean:
        return []
    most = limit("preferred_officers")
    if len(clean) > most:
        raise BookingError(f"At most {most} preferred officers.", field="preferred_officers")
    allowed = {
        officer.pk
        for officer in preferred_officer_choices(organization=organization, agency=agency, now=now)
    }
    refused = [pk for pk in clean if pk not in allowed]
    if refused:
        raise BookingError(
            "You can ask only for officers of this agency who have worked your past jobs "
            f"(not: {', '.join(str(pk) for pk in refused)}).",
            field="preferred_officers",
        )
    return clean


# --- positions -----------------------------------------------------------------------------------


def positions_for(
    card: c.RateCard,
    job_type: c.JobType,
    job_rank: str,
    quote: Quote,
    shift_index: int,
    officers: int,
) -> list[tuple[str, str, str, object]]:
    """The positions a quoted shift needs: ``[(role, required_rank, required_specialty,
    officer_pay_rate)]``, one per officer, then one per supervisor from the supervisory table
    (NOPD-SUP-1). ``shift_index`` is the shift's place in the quoted request."""
    summary = quote.shifts[shift_index]
    specialty = job_type.specialty or ""
    officer_rank = "" if job_rank == card.base_rank else job_rank
    supervisors: dict[str, tuple[int, object]] = {}
    officer_count = None
    for line in quote.lines:
        if line.shift != shift_index:
            continue
        if line.kind == "supervisor":
            rank = line.rank or summary.supervisor_rank or ""
            count, rate = supervisors.get(rank, (0, line.officer_pay_rate))
            supervisors[rank] = (max(count, line.officers), rate)
        elif line.kind == "officer":
            officer_count = max(officer_count or 0, line.officers)
    if summary.supervisors and not supervisors:
        supervisors[summary.supervisor_rank or ""] = (summary.supervisors, summary.officer_pay_rate)
    if officer_count is None:
        officer_count = max(0, officers - sum(n for n, _ in supervisors.values()))
    wanted = [("officer", officer_rank, specialty, summary.officer_pay_rate)] * officer_count
    for rank, (count, rate) in supervisors.items():
        wanted += [("supervisor", rank, specialty, rate)] * count
    return wanted


def _create_shifts(job: Job, priced: PricedRequest, request: QuoteRequest, quote: Quote) -> None:
    shifts = [
        Shift(
            job=job,
            index=i,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            officers=s.officers,
            supervisors=quote.shifts[i].supervisors,
            officer_pay_rate=quote.shifts[i].officer_pay_rate,
            tier=quote.shifts[i].tier or "",
        )
        for i, s in enumerate(request.shifts)
    ]
    Shift._base_manager.bulk_create(shifts)
    positions = []
    for i, shift in enumerate(shifts):
        wanted = positions_for(priced.card, priced.job_type, job.rank, quote, i, shift.officers)
        for k, (role, rank, specialty, rate) in enumerate(wanted):
            positions.append(
                Position(
                    shift=shift,
                    index=k,
                    role=role,
                    required_rank=rank,
                    required_specialty=specialty,
                    officer_pay_rate=rate,
                    status=Position.Status.DRAFT,
                )
            )
    Position._base_manager.bulk_create(positions)


# --- the request ---------------------------------------------------------------------------------


def _existing(actor, key: str) -> Job | None:
    if not key:
        return None
    return Job._base_manager.filter(created_by=actor, idempotency_key=key).first()


def request_job(
    *,
    actor,
    organization: CustomerOrganization,
    pricing: PricingInput,
    details: JobDetails,
    now: datetime | None = None,
) -> Job:
    """Create a job request for ``organization`` with ``pricing.agency``, priced by the agency's
    current rate card and kept at that price (PLAT-SNAPSHOT-1). Returns the (first) job, status
    ``requested``, its positions not yet posted.

    - ``pricing.category``: a work category slug of the card; prohibited ones are refused with
      the agency's reason (ODM-PROHIB-1); "not sure" ones are marked for a coordinator's review.
    - ``details.preferred_officer_ids``: officers who worked this organization's past jobs
      (NOPD-REL-1).
    - ``pricing.repeat_weeks``: 2 or more creates a ``JobSeries`` of that many jobs one week
      apart, each priced on its own; 0 or 1 is a single job.
    - ``details.idempotency_key``: the same key from the same user returns the job already
      created (a double click or a retried POST creates one job); ``job.replayed`` is then True.

    Raises ``BookingError`` (field named) for what the card or the site's bounds refuse,
    ``NotAllowed`` when ``actor`` may not request jobs for ``organization`` (policy
    ``job.request``)."""
    now = now or timezone.now()
    agency = pricing.agency
    key = _text("idempotency_key", details.idempotency_key)
    with scopes_disabled():
        existing = _existing(actor, key)
        if existing is not None:
            existing.replayed = True
            return existing
        if organization is None:
            raise BookingError("Choose the organization the job is for.", field="organization")
        policy.require(actor, "job.request", organization)
        values = {
            name: _text(name, getattr(details, name))
            for name in ("title", "address", "site_contact_name", "site_contact_phone")
        }
        values["post_orders"] = _text("post_orders", details.post_orders)
        priced = price_request(pricing, now=now)
        preferred = _preferred(details.preferred_officer_ids, organization, agency, now)
        try:
            with transaction.atomic():
                job = _create(actor, organization, agency, priced, preferred, values, key, now)
                jobmail.request_received(job)
        except IntegrityError:
            existing = _existing(actor, key)
            if existing is None:
                raise
            existing.replayed = True
            return existing
    job.replayed = False
    return job


def _create(actor, organization, agency, priced: PricedRequest, preferred, values, key, now):
    series = None
    if len(priced.requests) > 1:
        series = JobSeries(
            agency=agency, organization=organization, weeks=len(priced.requests), created_by=actor
        )
        series.save(force_insert=True)
    first = None
    for k, (request, quote) in enumerate(zip(priced.requests, priced.quotes, strict=True)):
        job = _create_one(
            actor,
            organization,
            agency,
            priced,
            request,
            quote,
            values,
            key if k == 0 else "",
            series,
            now,
        )
        if preferred:
            job.preferred_officers.set(preferred)
        week = {"week": k + 1, "weeks": len(priced.requests)} if series else {}
        record(
            job,
            actor=actor,
            event="job.requested",
            to_state=job.status,
            data={
                "total": quote.total,
                "currency": quote.currency,
                "card_version": quote.card_version,
                **week,
            },
            at=now,
        )
        first = first or job
    return first


def _create_one(actor, organization, agency, priced, request, quote, values, key, series, now):
    card = priced.card
    category = priced.category
    warnings = list(quote.warnings)
    if category.needs_review and REVIEW_WARNING not in warnings:
        warnings.append(REVIEW_WARNING)
    tier = request.tier or ""
    job = Job(
        agency=agency,
        organization=organization,
        series=series,
        created_by=actor,
        title=values["title"],
        category=category.slug,
        category_name=category.name,
        needs_review=category.needs_review,
        job_type=request.job_type,
        rank=request.rank or card.base_rank,
        tier=tier,
        add_ons=add_ons_data(request),
        address=values["address"],
        site_contact_name=values["site_contact_name"],
        site_contact_phone=values["site_contact_phone"],
        post_orders=values["post_orders"],
        status=Job.Status.REQUESTED,
        requested_at=now,
        starts_at=min(s.starts_at for s in request.shifts),
        ends_at=max(s.ends_at for s in request.shifts),
        card_version=card.version,
        card=PricedCard.of(agency.pk, card.version, codec.to_data(card)),
        request_snapshot=codec.to_data(request),
        quote=quote_to_data(quote),
        total=quote.total,
        warnings=warnings,
        requires_approval=quote.requires_approval or category.needs_review,
        idempotency_key=key,
    )
    job.save(force_insert=True)
    _create_shifts(job, priced, request, quote)
    return job

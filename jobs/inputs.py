"""Typed values the jobs services take (the contract between the edge and the services).

Notes: ``agencies.pricing.wire.parse_quote_request`` is retired: a quote request body is read
with ``agencies.api.read_quote_request(card, data, now=...)`` (same arguments, same
``QuoteError``), and typed values are checked against a card with
``agencies.pricing.wire.build_quote_request``. Input bounds (PLAT-LIMIT-1) are
``detailhire.limits.limit(name)``.

Typed values the jobs services take: what the edge (an API serializer or a page form) read and
checked for shape, type and bounds. Services never parse strings or dicts; they receive these.

Contract (pages and API build these; the services in ``jobs.services`` take them):

- ``ShiftInput(starts_at, ends_at, officers)``: one shift of a request; aware datetimes (a
  naive time typed on a page is agency local time: the form makes it aware).
- ``PricingInput(agency, category, shifts, rank=None, tier=None, job_type="hourly",
  add_ons=(), repeat_weeks=0)``: what is priced (the quote part of a job request). Codes that
  only the agency's card knows (category, rank, tier, job type, add-ons) are checked by the
  service against the card (``DomainError`` naming the field).
- ``JobDetails(title, address, post_orders="", site_contact_name="", site_contact_phone="",
  preferred_officer_ids=(), idempotency_key="")``: the rest of a job request, stripped text
  within the lengths of ``TEXT_LIMITS``.
- ``ShiftChange(index, officers, ends_at)``: one shift of a reduction: the shift's ``index``
  (``Shift.index``), its new officer count (0 removes it) and its new end (aware; the shift's
  current end when unchanged).
- ``ShiftTimes(index, starts_at, ends_at)``: one shift of a schedule change (agency staff): the
  shift's ``index`` and its new start and end (aware).

Services (``jobs.services``)::

    price_request(pricing, *, now=None, card=None) -> PricedRequest
    request_job(*, actor, organization, pricing, details, now=None) -> Job
    preview_cancellation(job, *, actor, police_necessity=False, at=None) -> CancellationCharge
    cancel_job(job, *, actor, reason, police_necessity=False, expected_total=None, at=None)
    preview_reduction(job, *, actor, changes, at=None) -> Reduction
    reduce_job(job, *, actor, changes, reason, expected_total=None, expected_new_total=None,
               at=None)
    preview_reschedule(job, *, actor, change, at=None) -> Reschedule
    reschedule_job(job, *, actor, change, reason, expected_total=None, expected_new_total=None,
                   at=None)

``expected_total`` (and ``expected_new_total`` on reduce) is the charge (new price) the user saw:
when given and the figure now differs, the service raises ``ChargeChanged`` (a 409,
``jobs.services.common``) saying the new figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agencies.models import Agency

__all__ = [
    "TEXT_LIMITS",
    "JobDetails",
    "PricingInput",
    "ShiftChange",
    "ShiftInput",
    "ShiftTimes",
]

# Longest text accepted per field (characters), for forms, serializers and services alike.
TEXT_LIMITS = {
    "title": 200,
    "address": 2000,
    "site_contact_name": 200,
    "site_contact_phone": 40,
    "post_orders": 20000,
    "idempotency_key": 64,
    "reason": 2000,
}


@dataclass(frozen=True)
class ShiftInput:
    """One shift asked for: aware start and end, and how many officers."""

    starts_at: datetime
    ends_at: datetime
    officers: int


@dataclass(frozen=True)
class PricingInput:
    """What a request prices: the agency, the work category, the shifts and the card's options."""

    agency: Agency
    category: str
    shifts: tuple[ShiftInput, ...]
    rank: str | None = None
    tier: str | None = None
    job_type: str = "hourly"
    add_ons: tuple[str, ...] = ()
    quantities: tuple[tuple[str, int], ...] = ()  # (code, how many) of add-ons priced per unit
    repeat_weeks: int = 0


@dataclass(frozen=True)
class JobDetails:
    """The rest of a job request: where, what to do, whom to call, whom the customer prefers."""

    title: str
    address: str
    post_orders: str = ""
    site_contact_name: str = ""
    site_contact_phone: str = ""
    preferred_officer_ids: tuple[int, ...] = ()
    idempotency_key: str = ""


@dataclass(frozen=True)
class ShiftChange:
    """One shift of a reduction: its index, its new officer count (0: removed), its new end."""

    index: int
    officers: int
    ends_at: datetime


@dataclass(frozen=True)
class ShiftTimes:
    """A schedule change of one shift: its ``Shift.index`` and its new aware start and end."""

    index: int
    starts_at: datetime
    ends_at: datetime

"""Demo jobs (docs/api.md, "Setup and demo data"): a handful of jobs per demo agency, in every
state a user wants to see, made through the real services with the clock set relative to now.

Per agency (``PLAN``): two requests awaiting approval (one short notice), a job with open
positions on the board, a filled job, a job in progress with one officer checked in, a completed
job whose hours await approval, a completed job approved, invoiced and paid by check, and a
cancelled job with its credit note. Prepay invoices issued at approval (NOPD-PAY-1) are due 48
hours before the start, so the filled job's invoice is near its deadline.

``seed_demo_jobs(summary)`` is idempotent: each job is booked with an idempotency key
(``demo-<agency>-<name>``); a job already there is left as it is (its story is not replayed).
Quiet: the story is set in the past, so nobody is mailed about it. The notices the services write
are recorded under ``notifications.outbox.unmailed``: each counts as sent (a sweep never mails it
later) and none is queued. The documents' PDFs are rendered as for any other invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

__all__ = ["PLAN", "JobSeed", "seed_demo_jobs"]

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class JobSeed:
    """One demo job: when it was booked and starts (relative to now), how long, how many
    officers, and how far its story goes (``stage``)."""

    name: str
    title: str
    booked: timedelta  # before now
    starts: timedelta  # from now (negative: in the past)
    hours: int
    officers: int
    stage: str  # requested | open | filled | in_progress | worked | paid | cancelled
    claims: int = 0  # officers who claimed (open: some; the others fill every position)


PLAN = (
    JobSeed("request", "Parade route barricades", 2 * DAY, 12 * DAY, 6, 2, "requested"),
    JobSeed("short-notice", "Late-night valet lane", 2 * HOUR, 30 * HOUR, 4, 1, "requested"),
    JobSeed("board", "Festival main gate", 3 * DAY, 7 * DAY, 5, 3, "open", claims=1),
    JobSeed("filled", "Stadium lot traffic", 5 * DAY, 3 * DAY + 6 * HOUR, 4, 2, "filled"),
    JobSeed("now", "Bank branch opening", 6 * DAY, -2 * HOUR, 5, 2, "in_progress"),
    JobSeed("worked", "Warehouse gate", 10 * DAY, -2 * DAY, 4, 2, "worked"),
    JobSeed("paid", "Charity 5K road closure", 16 * DAY, -9 * DAY, 4, 1, "paid"),
    JobSeed("cancelled", "Rooftop reception", 4 * DAY, 6 * DAY, 4, 1, "cancelled"),
)

# Which demo customer books with which agency, and the agency's options.
_BOOKINGS = {
    "nopd": {
        "customer": "customer@acme.demo",
        "address": "1200 Poydras St, New Orleans LA",
        "category": "traffic_control",
        "tier": "2+",
    },
    "asheville": {
        "customer": "customer@bistro.demo",
        "address": "45 Biltmore Ave, Asheville NC",
        "category": "event_security",
        "tier": None,
    },
}


def seed_demo_jobs(summary) -> None:
    """Book and play out the demo jobs of every demo agency (counted in ``summary`` as "jobs")."""
    from notifications.outbox import unmailed

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic(), scopes_disabled(), unmailed("Demo data: not mailed."):
        for slug, booking in _BOOKINGS.items():
            officers = _officers(slug)
            used = 0
            for seed in PLAN:
                needed = seed.claims or seed.officers
                crew = [] if seed.stage == "requested" else officers[used : used + needed]
                if crew:
                    used += needed
                made = _job(slug, booking, seed, crew, now)
                summary.add("jobs", "created" if made else "unchanged")


def _officers(slug: str) -> list:
    from officers.models import Officer

    officers = Officer._base_manager.filter(agency__slug=slug, rank="officer", active=True)
    return sorted(officers.select_related("user"), key=lambda o: _number(o.user.email))


def _number(email: str) -> int:
    return int(email.split("@")[0].removeprefix("officer") or 0)


def _job(slug: str, booking: dict, seed: JobSeed, crew: list, now: datetime) -> bool:
    """Book ``seed`` unless it is there; play its story. True when it was made."""
    from accounts.models import User
    from agencies.models import Agency, StaffMembership
    from customers.models import CustomerOrganization
    from jobs.inputs import JobDetails, PricingInput, ShiftInput
    from jobs.models import Job
    from jobs.services import request_job

    customer = User._base_manager.get(email=booking["customer"])
    key = f"demo-{slug}-{seed.name}"
    if Job._base_manager.filter(created_by=customer, idempotency_key=key).exists():
        return False
    agency = Agency.objects.get(slug=slug)
    organization = CustomerOrganization._base_manager.get(members__user=customer)
    coordinator = StaffMembership.objects.get(agency=agency, role="coordinator").user
    starts_at = now + seed.starts
    ends_at = starts_at + seed.hours * HOUR
    booked_at = now - seed.booked
    job = request_job(
        actor=customer,
        organization=organization,
        pricing=PricingInput(
            agency=agency,
            category=booking["category"],
            shifts=(ShiftInput(starts_at, ends_at, seed.officers),),
            tier=booking["tier"],
        ),
        details=JobDetails(
            title=seed.title,
            address=booking["address"],
            post_orders="Check in with the site contact on arrival.",
            site_contact_name=organization.billing_contact,
            site_contact_phone=organization.phone,
            idempotency_key=key,
        ),
        now=booked_at,
    )
    if seed.stage != "requested":
        _play(job, seed, crew, coordinator, booked_at, starts_at, ends_at, now)
    return True


def _play(job, seed, crew, coordinator, booked_at, starts_at, ends_at, now) -> None:
    from billing.services.hours import approve_hours
    from jobs.services import cancel_job
    from jobs.services.lifecycle import approve_job, complete_job, start_job
    from officers.services.attendance import check_in, check_out
    from officers.services.claims import claim_position

    approved_at = booked_at + 2 * HOUR
    approve_job(job, actor=coordinator, now=approved_at)
    if seed.stage == "cancelled":
        cancel_job(job, actor=job.created_by, reason="The venue moved the date.", at=now - DAY)
        return
    positions = list(_positions(job))
    assignments = [
        claim_position(position.pk, actor=officer.user, now=approved_at + (n + 1) * HOUR)
        for n, (position, officer) in enumerate(zip(positions, crew, strict=False))
    ]
    if seed.stage in ("open", "filled"):
        return
    start_job(job, now=starts_at)
    _pay_by_check(job, coordinator, received_on=(starts_at - 2 * DAY).date())  # prepaid
    if seed.stage == "in_progress":
        check_in(assignments[0], actor=crew[0].user, at=starts_at - 5 * timedelta(minutes=1))
        return
    for assignment, officer in zip(assignments, crew, strict=True):
        check_in(assignment, actor=officer.user, at=starts_at - 10 * timedelta(minutes=1))
        check_out(assignment, actor=officer.user, at=ends_at)
    complete_job(job, now=ends_at + timedelta(minutes=5))
    if seed.stage == "worked":
        return
    approve_hours(job, actor=coordinator, at=ends_at + DAY)  # the early check-ins: an invoice
    _pay_by_check(job, coordinator, received_on=(ends_at + 3 * DAY).date())


def _pay_by_check(job, coordinator, *, received_on) -> None:
    """Record a check for what is owed on each of the job's invoices (NOPD-PAY-1)."""
    from billing.models import Invoice
    from billing.services.payments import record_offline_payment

    for invoice in Invoice._base_manager.filter(job=job, kind=Invoice.Kind.INVOICE):
        if invoice.balance_due > Decimal("0"):
            record_offline_payment(
                invoice,
                actor=coordinator,
                method="check",
                amount=invoice.balance_due,
                number=str(1040 + invoice.pk),
                received_on=received_on,
            )


def _positions(job):
    from jobs.models import Position

    return Position._base_manager.filter(shift__job=job).order_by("shift__index", "index")

"""Demo data and bookings for the officer tests: seed_demo's agencies and people, jobs booked and
approved through the booking services (jobs.services)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django_scopes import scopes_disabled

from jobs.models import Job, Position
from jobs.services.lifecycle import approve_job
from officers.models import Officer
from tests.factories import CustomerOrganization, job_positions, officer_of, user
from tests.fixtures import seed
from tests.jobs.helpers import request_job

__all__ = ["book", "local", "officer", "positions", "seed", "user"]

CHICAGO = ZoneInfo("America/Chicago")


def local(*args) -> datetime:
    """A New Orleans local time: ``local(2027, 3, 9, 8)``."""
    return datetime(*args, tzinfo=CHICAGO)


def officer(n: int, agency: str = "nopd") -> Officer:
    """Demo officer ``n`` of ``agency``."""
    return officer_of(f"officer{n}@{agency}.demo")


DEFAULT_SHIFTS = ((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),)


def book(
    title: str = "Warehouse gate",
    shifts=DEFAULT_SHIFTS,
    *,
    agency: str = "nopd",
    customer: str = "customer@acme.demo",
    approve: bool = True,
    **options,
) -> Job:
    """A job requested by ``customer`` and approved by the agency's coordinator."""
    from agencies.models import Agency

    with scopes_disabled():
        customer_user = user(customer)
        organization = CustomerOrganization.objects.get(members__user=customer_user)
        options.setdefault("category", "traffic_control")
        if agency == "nopd":
            options.setdefault("tier", "2+")
        job = request_job(
            actor=customer_user,
            organization=organization,
            agency=Agency.objects.get(slug=agency),
            title=title,
            address="1200 Poydras St, New Orleans",
            shifts=[{"starts_at": s, "ends_at": e, "officers": n} for s, e, n in shifts],
            **options,
        )
        if approve:
            approve_job(job, actor=user(f"coordinator@{agency}.demo"))
        job.refresh_from_db()
    return job


def positions(job: Job, role: str | None = None) -> list[Position]:
    return job_positions(job, role)

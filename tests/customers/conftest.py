"""Helpers for the customer page tests (the demo data and the frozen clock are the shared
fixtures of tests/fixtures.py): jobs made through the booking services (the pages under test
only read them), and page clients."""

from __future__ import annotations

from django_scopes import scopes_disabled

from jobs import services
from jobs.models import Job
from tests.fixtures import NOW, browser_client
from tests.jobs.helpers import request_job

__all__ = ["NOW", "browser_client", "make_job"]


def make_job(
    data,
    *,
    agency="asheville",
    officers=2,
    start="2027-03-10T10:00:00",
    end="2027-03-10T18:00:00",
    shifts=None,
    approve=False,
    title="Spring market",
    user=None,
    organization=None,
    **extra,
) -> Job:
    """A job requested through the booking service (and approved by the agency's coordinator)."""
    seeded = data
    agency_obj = getattr(seeded, agency)
    body = {
        "title": title,
        "address": "1 Pack Square, Asheville NC",
        "category": "event_security",
        "shifts": shifts or [{"starts_at": start, "ends_at": end, "officers": officers}],
        **extra,
    }
    if agency == "nopd":
        body.setdefault("tier", "3")
    with scopes_disabled():
        job = request_job(
            actor=user or seeded.customer,
            organization=organization or seeded.acme,
            agency=agency_obj,
            **body,
        )
        if approve:
            services.approve_job(job, actor=seeded.coordinator(agency))
        return Job.objects.get(pk=job.pk)

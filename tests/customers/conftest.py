"""Fixtures for the customer page tests: the demo data and frozen clock of the jobs tests, and
helpers that make jobs through the booking services (the pages under test only read them)."""

from __future__ import annotations

from django.test import Client
from django_scopes import scopes_disabled

from jobs import services
from jobs.models import Job
from tests.jobs.conftest import NOW, _fresh_built_cards, clock, demo  # noqa: F401
from tests.jobs.helpers import request_job

__all__ = ["NOW", "browser_client", "make_job"]


def browser_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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

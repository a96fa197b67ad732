"""Jobs for the billing tests, made through the jobs API as a customer and a coordinator would
(the billing services under test only read them)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from jobs.models import Job, JobChange
from tests.fixtures import NOW, client_for
from tests.jobs.helpers import nopd_body

__all__ = ["NOW", "approve_and_invoice", "book_nopd", "cancel", "client_for"]


def book_nopd(demo, *, approve=True, **changes) -> Job:
    """The acceptance job: 2 officers, 4 hours, Tier 3 (Wed 7 April 2027, 6-10 PM Central):
    434.64 (NOPD-RATE-1), requested by Acme's customer and approved by NOPD's coordinator."""
    response = client_for(demo.customer).post("/api/v1/jobs/", nopd_body(**changes), format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    if approve:
        approved = client_for(demo.coordinator("nopd")).post(
            f"/api/v1/jobs/{pk}/approve/", {}, format="json"
        )
        assert approved.status_code == 200, approved.json()
    with scopes_disabled():
        return Job.objects.select_related("agency", "organization").get(pk=pk)


def approve_and_invoice(demo, job):
    """NOPD's coordinator approves ``job`` (a prepay card: invoiced at approval, NOPD-PAY-1);
    returns its invoice."""
    from billing.models import Invoice

    response = client_for(demo.coordinator("nopd")).post(
        f"/api/v1/jobs/{job.pk}/approve/", {}, format="json"
    )
    assert response.status_code == 200, response.json()
    with scopes_disabled():
        return Invoice.objects.get(job=job, purpose=Invoice.Purpose.JOB)


def cancel(job, user, **body) -> JobChange:
    body.setdefault("reason", "Rained out.")
    response = client_for(user).post(f"/api/v1/jobs/{job.pk}/cancel/", body, format="json")
    assert response.status_code == 200, response.json()
    with scopes_disabled():
        return JobChange.objects.filter(job=job).latest("pk")


@pytest.fixture
def nopd_job(demo, clock):
    return book_nopd(demo)


# Stripe without the internet (localstripe, signed events): tests/billing/stripe_helpers.py.
from tests.billing.stripe_helpers import localstripe, stripe_on, webhook_secret  # noqa: E402, F401, I001

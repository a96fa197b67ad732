"""PLAT-INVOICE-1 under real concurrency: 20 documents issued at once for one agency, each in
its own thread and PostgreSQL connection, get 20 distinct consecutive numbers (no gap, no
duplicate); a rolled-back issue gives its number back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection, transaction

from billing.models import Invoice
from billing.numbering import next_number
from tests.factories import AgencyFactory, CustomerOrganizationFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

AT = datetime(2027, 4, 7, 15, 0, tzinfo=UTC)
COUNT = 20


def issue_bare(agency, organization) -> None:
    """The numbering step of issuing: a number and the document in one transaction."""
    with transaction.atomic():
        number = next_number(agency, AT)
        Invoice._base_manager.create(
            agency=agency,
            organization=organization,
            year=number.year,
            sequence=number.sequence,
            number=number.text,
            issued_at=AT,
            seller_name=agency.name,
            bill_to_name=organization.name,
            officer_pay=Decimal("10.00"),
            total=Decimal("10.00"),
        )


def run_together(calls) -> list[str]:
    """Run each ``(function, args)`` in its own thread and connection, all released at once;
    "ok" or the error, per call."""
    count = len(calls)
    barrier = threading.Barrier(count)
    results: list[str | None] = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=30)
            function, args = calls[index]
            function(*args)
            results[index] = "ok"
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            results[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_invoices_issued_at_once_get_twenty_consecutive_numbers_plat_invoice_1():
    """PLAT-INVOICE-1: numbered per agency and year without gaps, safe when issued at once."""
    agency = AgencyFactory(slug="nopd")
    organization = CustomerOrganizationFactory()
    other = AgencyFactory(slug="odm")
    issue_bare(other, organization)  # another agency's sequence is its own

    results = run_together([(issue_bare, (agency, organization))] * COUNT)

    assert results == ["ok"] * COUNT
    numbers = list(
        Invoice._base_manager.filter(agency=agency)
        .order_by("sequence")
        .values_list("number", flat=True)
    )
    assert numbers == [f"NOPD-2027-{n:06d}" for n in range(1, COUNT + 1)]
    assert Invoice._base_manager.get(agency=other).number == "ODM-2027-000001"


def test_a_rolled_back_issue_leaves_no_gap_plat_invoice_1():
    agency = AgencyFactory(slug="nopd")
    organization = CustomerOrganizationFactory()
    issue_bare(agency, organization)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(agency, AT)
        raise RuntimeError("the issue failed after taking a number")
    issue_bare(agency, organization)
    assert list(Invoice._base_manager.order_by("sequence").values_list("number", flat=True)) == [
        "NOPD-2027-000001",
        "NOPD-2027-000002",
    ]


def test_the_year_is_the_agencys_local_year_plat_invoice_1():
    """02:00 UTC on 1 January 2028 is still New Year's Eve 2027 in New Orleans."""
    agency = AgencyFactory(slug="nopd", time_zone="America/Chicago")
    with transaction.atomic():
        number = next_number(agency, datetime(2028, 1, 1, 2, 0, tzinfo=UTC))
    assert number.text == "NOPD-2027-000001"


def test_twenty_jobs_invoiced_at_once_by_the_service_get_consecutive_numbers_plat_invoice_1(
    demo, clock
):
    """PLAT-INVOICE-1 through the issuing service: twenty accepted jobs of one agency invoiced
    at once (each in its own connection): twenty invoices, NOPD-2027-000001 to -000020."""
    from billing.services.invoicing import issue_invoice_for_job
    from tests.billing.conftest import book_nopd

    jobs = [book_nopd(demo, title=f"Detail {n}") for n in range(COUNT)]
    results = run_together([(partial(issue_invoice_for_job, job, actor=None), ()) for job in jobs])

    assert results == ["ok"] * COUNT
    numbers = sorted(Invoice._base_manager.values_list("number", flat=True))
    assert numbers == [f"NOPD-2027-{n:06d}" for n in range(1, COUNT + 1)]
    assert sorted(Invoice._base_manager.values_list("job_id", flat=True)) == sorted(
        job.pk for job in jobs
    )

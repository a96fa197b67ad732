"""Invoices (PLAT-INVOICE-1): the PDF render time per page, and the invoice list's query count
at 10 and 10,000 invoices (it must not grow: the balances are computed in the list's one query).

On a throwaway PostgreSQL database (created, migrated, seeded, dropped). The invoices are written
directly (a job's invoice copies its lines from the job's quote; the benchmark measures reading
and rendering them, not booking)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import _throwaway_db
from _common import setup_django

SMALL, LARGE = 10, 10_000
RENDERS = 5
TARGET_SECONDS_PER_PAGE = 2.0  # an invoice is rendered once, when it is issued


def add_invoices(count: int, start: int) -> None:
    from django_scopes import scopes_disabled

    from agencies.models import Agency
    from billing.models import Invoice, InvoiceLine
    from customers.models import CustomerOrganization

    with scopes_disabled():
        agency = Agency.objects.get(slug="nopd")
        organization = CustomerOrganization.objects.get(name="Acme Events")
    issued = datetime(2027, 4, 1, 15, tzinfo=UTC)
    rows = [
        Invoice(
            agency=agency,
            organization=organization,
            kind=Invoice.Kind.INVOICE,
            purpose=Invoice.Purpose.MANUAL,
            year=2027,
            sequence=start + n + 1,
            number=f"NOPD-2027-{start + n + 1:06d}",
            issued_at=issued + timedelta(minutes=n),
            due_at=issued + timedelta(days=2),
            seller_name=agency.name,
            seller_phone=agency.office_phone,
            bill_to_name=organization.name,
            bill_to_address=organization.address,
            job_title="Gallery opening",
            officer_pay=Decimal("370.64"),
            admin_fee=Decimal("64.00"),
            total=Decimal("434.64"),
            terms="Prepayment: due 48 hours before the first shift starts.",
            payment_methods=["check", "ACH bank transfer", "card"],
        )
        for n in range(count)
    ]
    Invoice._base_manager.bulk_create(rows, batch_size=2000)
    InvoiceLine._base_manager.bulk_create(
        (
            InvoiceLine(
                invoice=invoice,
                position=0,
                description="2 officers x 4.00 h, Wed Apr 7, 6:00-10:00 PM CDT",
                hours=Decimal("8.00"),
                officers=2,
                officer_pay_rate=Decimal("46.33"),
                admin_fee_rate=Decimal("8.00"),
                officer_pay=Decimal("370.64"),
                admin_fee=Decimal("64.00"),
                amount=Decimal("434.64"),
                rules=["NOPD-RATE-1", "NOPD-TIER-1"],
            )
            for invoice in rows
        ),
        batch_size=2000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def list_queries(token: str, user=None) -> int:
    """Queries of one request of the API's list (``user`` given: of the "Invoices" page)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = "/api/v1/invoices/"
    if user is not None:
        client = Client()
        client.force_login(user)
        url = "/invoices/"
    client.get(url)  # warm the token and role reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def render_seconds_per_page() -> float:
    from billing.models import Invoice
    from billing.pdf import render_pdf

    invoice = Invoice._base_manager.order_by("pk").first()
    render_pdf(invoice)  # fonts and templates loaded once
    started = time.perf_counter()
    for _ in range(RENDERS):
        content = render_pdf(invoice)
    elapsed = (time.perf_counter() - started) / RENDERS
    pages = max(content.count(b"/Type /Page\n"), content.count(b"/Type /Page\r"), 1)
    return elapsed / pages


def main() -> bool:
    if not _throwaway_db.available():
        print("invoices: skipped, no PostgreSQL server (set DATABASE_URL=postgres://...)")
        return False
    name, _ = _throwaway_db.create("dh_bench_invoices")
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from rest_framework.authtoken.models import Token

        from accounts.models import User

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, no_jobs=True)
        customer = User.objects.get(email="customer@acme.demo")
        token = Token.objects.get_or_create(user=customer)[0]

        add_invoices(SMALL, 0)
        small = list_queries(token.key)
        small_page = list_queries(token.key, customer)
        seconds = render_seconds_per_page()
        add_invoices(LARGE - SMALL, SMALL)
        large = list_queries(token.key)
        large_page = list_queries(token.key, customer)
        constant = large == small and large_page == small_page
        print(
            f"invoices: queries per list request: API {small} at {SMALL:,} invoices, {large} at "
            f"{LARGE:,}; page {small_page} at {SMALL:,}, {large_page} at {LARGE:,} "
            f"({'constant' if constant else 'GROWS'})"
        )
        fast = seconds <= TARGET_SECONDS_PER_PAGE
        print(
            f"invoices: PDF render {seconds * 1000:,.0f} ms per page (target "
            f"{TARGET_SECONDS_PER_PAGE * 1000:,.0f} ms) "
            f"{'meets target' if fast else 'ABOVE TARGET'}"
        )
        return constant and fast
    finally:
        _throwaway_db.drop(name)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

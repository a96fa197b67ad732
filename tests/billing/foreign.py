"""A tenant's billing rows, for the URL walk (tests/tenancy/test_url_walk.py): an invoice of
``job_of(tenant)`` and a check payment on it, made once per tenant. Their printed names carry the
organization's name, a marker of the tenant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from billing.models import Invoice, Payment, Refund
from tests.tenants import Tenant, job_of


def invoice_of(tenant: Tenant) -> Invoice:
    with scopes_disabled():
        job = job_of(tenant)
        found = Invoice.objects.filter(job=job, kind=Invoice.Kind.INVOICE).first()
        if found is not None:
            return found
        now = timezone.now()
        return Invoice.objects.create(
            agency=tenant.agency,
            organization=tenant.organization,
            job=job,
            year=now.year,
            sequence=900_000 + job.pk,
            number=f"{tenant.agency.slug.upper()}-{now.year}-{900_000 + job.pk}",
            issued_at=now,
            due_at=now + dt.timedelta(days=7),
            seller_name=tenant.agency.name,
            bill_to_name=tenant.organization.name,
            officer_pay=Decimal("80.00"),
            admin_fee=Decimal("20.00"),
            total=Decimal("100.00"),
        )


def payment_of(tenant: Tenant) -> Payment:
    with scopes_disabled():
        invoice = invoice_of(tenant)
        found = Payment.objects.filter(invoice=invoice).first()
        if found is not None:
            return found
        return Payment.objects.create(
            invoice=invoice,
            agency=tenant.agency,
            organization=tenant.organization,
            method="check",
            amount=Decimal("50.00"),
            currency="USD",
            state=Payment.State.SUCCEEDED,
            succeeded_at=timezone.now(),
            provider="manual",
            idempotency_key=f"walk-{invoice.pk}",
            check_number=f"{tenant.organization.name[:30]}",
        )


def refund_of(tenant: Tenant) -> Refund:
    """A refund of ``payment_of(tenant)`` that failed at Stripe (one staff act on)."""
    with scopes_disabled():
        payment = payment_of(tenant)
        found = Refund.objects.filter(payment=payment).first()
        if found is not None:
            return found
        return Refund.objects.create(
            payment=payment,
            agency=tenant.agency,
            organization=tenant.organization,
            amount=Decimal("10.00"),
            currency="USD",
            state=Refund.State.FAILED,
            provider="stripe",
            idempotency_key=f"walk-refund-{payment.pk}",
            reason=f"{tenant.organization.name} goodwill",
            failure_message="Stripe: declined",
        )

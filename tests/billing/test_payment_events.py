"""PLAT-AUDIT-1 for payments (PLAT-PAYMENT-1): every payment and refund state change is an audit
event on the job's timeline, written as data and read as a sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Q
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.services import payments as services
from tests.billing.conftest import NOW, book_nopd
from tests.billing.stripe_helpers import invoice_for

pytestmark = pytest.mark.django_db


def test_payment_events_read_as_sentences_on_the_job_timeline_plat_payment_1(
    demo, clock, django_capture_on_commit_callbacks
):
    """PLAT-AUDIT-1: a check recorded and a refund by check, each an event with its data."""
    job = book_nopd(demo)
    coordinator = demo.coordinator("nopd")
    with scopes_disabled():
        invoice = invoice_for(job, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        payment = services.record_offline_payment(
            invoice,
            actor=coordinator,
            method="check",
            amount=Decimal("434.64"),
            number="10452",
            received_on=NOW.date(),
        )
        services.refund_payment(
            payment,
            actor=coordinator,
            amount=Decimal("34.64"),
            reason="One hour less",
            check_number="5001",
        )
    with scopes_disabled():
        events = AuditEvent.objects.filter(job=job).filter(
            Q(event_type__startswith="payment.") | Q(event_type__startswith="refund.")
        )
        texts = [(event.event_type, event.text) for event in events.order_by("pk")]
        assert all(event.data.get("number") == invoice.number for event in events)
    name = coordinator.display_name or coordinator.get_full_name()
    assert texts == [
        (
            "payment.recorded",
            f"{name} recorded $434.64 received by check (no. 10452) on invoice {invoice.number}.",
        ),
        (
            "refund.requested",
            f"{name} refunded $34.64 on invoice {invoice.number}: One hour less",
        ),
        (
            "refund.succeeded",
            f"Refund of $34.64 on invoice {invoice.number} sent by check no. 5001.",
        ),
    ]

"""Late fees on overdue invoices of net terms, from the job's card snapshot (docs/billing.md);
NOPD (prepayment, NOPD-PAY-1) has none."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from agencies.pricing.validate import DocumentError, validate_card
from billing.models import Invoice
from jobs.models import Job, Position, PricedCard
from jobs.services.lifecycle import complete_job, start_job
from jobs.sweeps import run_all
from tests.billing.conftest import book_nopd

pytestmark = pytest.mark.django_db


def net_job(demo, late_fee_percent="1.5"):
    """The acceptance job on a card with net 30 terms and a late fee, completed (invoiced)."""
    job = book_nopd(demo, approve=False)
    payment = {"kind": "net", "net_days": 30, "late_fee_percent": late_fee_percent}
    with scopes_disabled():
        card = PricedCard.of(
            job.agency_id, job.card_version, {**job.card_snapshot, "payment": payment}
        )
        Job.objects.filter(pk=job.pk).update(card=card)
        job.refresh_from_db()
    from tests.fixtures import client_for

    client_for(demo.coordinator("nopd")).post(f"/api/v1/jobs/{job.pk}/approve/", {}, format="json")
    with scopes_disabled():  # both positions worked (none credited as never filled)
        Position.objects.filter(shift__job=job).update(status=Position.Status.FILLED)
    start_job(job, now=job.starts_at)
    complete_job(job, now=job.ends_at)
    with scopes_disabled():
        return Invoice.objects.get(job=job, purpose="job")


def sweep(now):
    return {result.name: result for result in run_all(now)}["late-fees"]


def test_an_overdue_net_invoice_is_charged_the_cards_late_fee_once(demo, clock):
    invoice = net_job(demo)
    assert "late fee of 1.5%" in invoice.terms
    assert sweep(invoice.due_at - timedelta(minutes=1)).actions == ()
    after = invoice.due_at + timedelta(minutes=1)
    [action] = sweep(after).actions
    with scopes_disabled():
        late = Invoice.objects.get(job=invoice.job, purpose="late_fee")
    assert late.total == Decimal("6.52")  # 1.5% of 434.64
    assert (late.officer_pay, late.admin_fee, late.other_charges) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("6.52"),
    )
    assert late.due_at == late.issued_at
    assert invoice.number in action and late.number in action
    assert sweep(after + timedelta(days=1)).actions == ()


def test_a_paid_invoice_or_a_card_without_a_late_fee_is_never_charged(demo, clock):
    invoice = net_job(demo, late_fee_percent=None)
    assert sweep(invoice.due_at + timedelta(days=5)).actions == ()
    with scopes_disabled():
        assert not Invoice.objects.filter(purpose="late_fee").exists()


def test_nopd_has_no_late_fee_nopd_pay_1(demo, nopd_job, clock):
    """NOPD-PAY-1: prepayment; its card has no late fee, so an unpaid invoice past its due date
    is never charged one."""
    assert nopd_job.card_snapshot["payment"].get("late_fee_percent") is None
    with scopes_disabled():
        invoice = Invoice.objects.get(job=nopd_job)
    assert sweep(invoice.due_at + timedelta(days=3)).actions == ()


def test_a_late_fee_is_for_net_terms_and_bounded():
    """The card format refuses a late fee on prepayment, and one above 25%."""
    from dataclasses import replace

    from agencies.pricing.shipped import load_shipped

    card = load_shipped("nopd")
    with pytest.raises(DocumentError):
        validate_card(replace(card, payment=replace(card.payment, late_fee_percent=Decimal("2"))))
    net = replace(card.payment, kind="net", net_days=30, hours_before_start=None)
    validate_card(replace(card, payment=replace(net, late_fee_percent=Decimal("1.5"))))
    with pytest.raises(DocumentError):
        validate_card(replace(card, payment=replace(net, late_fee_percent=Decimal("30"))))


def test_the_card_store_keeps_a_late_fee():
    """A net card's late fee comes back from the rate-card store as it went in."""
    from dataclasses import replace

    from agencies import ratecards
    from agencies.pricing.shipped import load_shipped, shipped_profile

    card = load_shipped("asheville")
    net = replace(
        card.payment,
        kind="net",
        net_days=30,
        hours_before_start=None,
        late_fee_percent=Decimal("1.5"),
    )
    stored = ratecards.save_card(replace(card, payment=net), shipped_profile("asheville"))
    again = ratecards.card_from_model(ratecards.load_model(stored.pk))
    assert again.payment.late_fee_percent == Decimal("1.5")


def test_the_rates_page_words_state_the_late_fee():
    """What the customer reads before booking says the late fee the card charges, and nothing
    when it charges none."""
    from dataclasses import replace

    from agencies.presentation import payment_words
    from agencies.pricing.shipped import load_shipped

    card = load_shipped("asheville")
    net = replace(card.payment, kind="net", net_days=30, hours_before_start=None)
    assert "late fee" not in payment_words(replace(card, payment=net))
    words = payment_words(replace(card, payment=replace(net, late_fee_percent=Decimal("1.5"))))
    assert "30 days after the job is completed" in words
    assert "late fee of 1.5% of what is owed" in words

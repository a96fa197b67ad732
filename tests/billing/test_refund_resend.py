"""A Stripe refund never answered (stuck in "created": the call after commit did not happen or
did not come back) is sent again by staff from the refunds page with the same idempotency key,
audited (PLAT-PAYMENT-1). Against localstripe over real HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Payment, Refund
from billing.services import payments as services
from detailhire import policy
from detailhire.errors import ConflictError
from tests.billing.conftest import book_nopd
from tests.fixtures import browser_client

# Not a transaction test: the refund's send-after-commit never runs, as when the process stops.
pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck(demo, clock, stripe_on):
    """A card payment confirmed at localstripe (recorded as succeeded), and a refund of it whose
    call to Stripe never happened."""
    job = book_nopd(demo)
    with scopes_disabled():
        invoice = job.invoices.get()
    started = services.start_card_payment(
        invoice, actor=demo.customer, method="card", payment_method="pm_card_visa"
    )
    Payment._base_manager.filter(pk=started.payment.pk).update(state=Payment.State.SUCCEEDED)
    payment = Payment._base_manager.get(pk=started.payment.pk)
    refund = services.refund_payment(
        payment, actor=demo.coordinator("nopd"), amount=Decimal("100.00"), reason="Goodwill"
    )
    assert Refund._base_manager.get(pk=refund.pk).state == "created"
    return refund


def test_staff_resend_a_stuck_refund_with_the_same_idempotency_key_plat_payment_1(demo, stuck):
    """PLAT-PAYMENT-1: listed for staff, re-sent from the page with its stored key, audited;
    Stripe answers and the refund leaves "created"; re-sending an answered refund is refused."""
    key = stuck.idempotency_key
    page = browser_client(demo.coordinator("nopd"))
    listed = page.get("/billing/refunds/").content.decode()
    assert "Send to Stripe again" in listed
    answer = page.post(f"/billing/refunds/{stuck.pk}/resend/")
    assert answer.status_code == 302
    refund = Refund._base_manager.get(pk=stuck.pk)
    assert refund.idempotency_key == key
    assert refund.provider_id.startswith("re_")
    assert refund.state in ("pending", "succeeded")
    with scopes_disabled():
        event = AuditEvent.objects.get(event_type="refund.resent")
    assert "again (same idempotency key)" in event.text
    assert Refund._base_manager.filter(payment=stuck.payment).count() == 1
    with pytest.raises(ConflictError):
        services.resend_refund(refund, actor=demo.coordinator("nopd"))


def test_only_the_agencys_staff_resend_a_refund_plat_payment_1(demo, stuck):
    with pytest.raises(policy.NotAllowed):
        services.resend_refund(stuck, actor=demo.customer)
    assert browser_client(demo.customer).post(
        f"/billing/refunds/{stuck.pk}/resend/"
    ).status_code in (
        403,
        404,
    )

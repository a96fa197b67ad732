"""A coordinator moves a prepayment deadline from the invoice page (NOPD-PAY-1), through the same
service as the API: the time is the agency's, the reason is required and audited, bad input names
the field and changes nothing; customers do not see the form and other agencies get 404."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from notifications.models import DeadlineExtension
from tests.fixtures import browser_client
from tests.notifications.helpers import prepaid_invoice
from tests.officers.helpers import user

pytestmark = pytest.mark.django_db

COORDINATOR = "coordinator@nopd.demo"


@pytest.fixture
def invoice(demo, clock):
    return prepaid_invoice()


def page(email, invoice):
    return browser_client(user(email)).get(f"/invoices/{invoice.pk}/")


def move(email, invoice, data):
    return browser_client(user(email)).post(f"/invoices/{invoice.pk}/deadline/", data)


def test_a_coordinator_moves_the_deadline_from_the_invoice_page_nopd_pay_1(invoice):
    shown = page(COORDINATOR, invoice).content.decode()
    assert "Move the deadline" in shown and f"/invoices/{invoice.pk}/deadline/" in shown

    response = move(COORDINATOR, invoice, {"until": "2027-03-19T09:00", "reason": "Check mailed."})
    assert response.status_code == 302 and response["Location"] == f"/invoices/{invoice.pk}/"
    moved = DeadlineExtension.objects.get(invoice_id=invoice.pk)
    assert moved.until == datetime(2027, 3, 19, 14, tzinfo=UTC)  # 9:00 CDT
    with scopes_disabled():
        event = AuditEvent.objects.get(event_type="invoice.deadline_extended")
    assert event.data["reason"] == "Check mailed."
    assert "pay by March 19, 2027, 9:00 AM CDT" in page(COORDINATOR, invoice).content.decode()


def test_deadline_form_names_the_field_and_changes_nothing_nopd_pay_1(invoice):
    no_reason = move(COORDINATOR, invoice, {"until": "2027-03-19T09:00", "reason": ""})
    assert no_reason.status_code == 400 and "Say why the deadline moves." in no_reason.text
    after_start = move(COORDINATOR, invoice, {"until": "2027-03-21T09:00", "reason": "x"})
    assert after_start.status_code == 400 and "before the job starts" in after_start.text
    assert 'id="id_until_error"' in after_start.text
    garbage = move(COORDINATOR, invoice, {"until": "soon", "reason": "x"})
    assert garbage.status_code == 400 and "as a date and a time" in garbage.text
    too_long = move(COORDINATOR, invoice, {"until": "2027-03-19T09:00", "reason": "x" * 501})
    assert too_long.status_code == 400 and "at most 500 characters" in too_long.text
    assert not DeadlineExtension.objects.exists()


def test_customers_and_other_agencies_do_not_move_it(invoice):
    assert "Move the deadline" not in page("customer@acme.demo", invoice).content.decode()
    body = {"until": "2027-03-19T09:00", "reason": "Please."}
    assert move("customer@acme.demo", invoice, body).status_code == 404
    assert move("coordinator@asheville.demo", invoice, body).status_code == 404
    assert not DeadlineExtension.objects.exists()

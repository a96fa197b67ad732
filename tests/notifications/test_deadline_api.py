"""A coordinator moves a prepayment deadline through the API (NOPD-PAY-1): the reason is
required, a customer may not, another agency's invoice is 404, bad input names the field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notifications.models import DeadlineExtension
from tests.fixtures import client_for
from tests.notifications.helpers import prepaid_invoice
from tests.officers.helpers import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(demo, clock):
    return prepaid_invoice()


def post(email, invoice, body):
    return client_for(user(email)).post(
        f"/api/v1/invoices/{invoice.pk}/deadline/", body, format="json"
    )


def test_a_coordinator_moves_the_deadline_in_local_time_nopd_pay_1(invoice):
    response = post(
        "coordinator@nopd.demo",
        invoice,
        {"until": "2027-03-19T09:00:00", "reason": "Check in the mail."},
    )
    assert response.status_code == 200, response.json()
    moved = DeadlineExtension.objects.get(invoice_id=invoice.pk)
    assert moved.until == datetime(2027, 3, 19, 14, tzinfo=UTC)  # 9:00 CDT
    assert response.json()["deadline"] == moved.until.isoformat()


def test_deadline_input_is_checked_and_names_the_field(invoice):
    no_reason = post("coordinator@nopd.demo", invoice, {"until": "2027-03-19T09:00:00"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    after_start = post(
        "coordinator@nopd.demo", invoice, {"until": "2027-03-21T09:00:00", "reason": "x"}
    )
    assert after_start.status_code == 400 and after_start.json()["field"] == "until"
    garbage = post("coordinator@nopd.demo", invoice, {"until": "soon", "reason": "x"})
    assert garbage.status_code == 400 and garbage.json()["field"] == "until"
    assert not DeadlineExtension.objects.exists()


def test_customers_and_other_agencies_may_not_move_it(invoice):
    body = {"until": "2027-03-19T09:00:00", "reason": "Please."}
    assert post("customer@acme.demo", invoice, body).status_code == 403
    assert post("coordinator@asheville.demo", invoice, body).status_code == 404
    assert not DeadlineExtension.objects.exists()

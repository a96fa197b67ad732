"""Rules that pages used to enforce alone are the services' now, so the API enforces them too:
the charge the user confirmed (expected_total, expected_new_total), who may cancel for police
necessity (NOPD-CANCEL-1), and the end of a reduced shift (after the start; an overnight shift
ends on the next day)."""

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from detailhire.policy import NotAllowed
from jobs import services
from jobs.models import JobChange
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, get_job

pytestmark = pytest.mark.django_db


def book(demo, body=None) -> int:
    response = client_for(demo.customer).post(
        "/api/v1/jobs/", body or asheville_body(), format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def approve(demo, pk, slug="asheville"):
    response = client_for(demo.coordinator(slug)).post(
        f"/api/v1/jobs/{pk}/approve/", {}, format="json"
    )
    assert response.status_code == 200, response.json()


def post(user, pk, what, body):
    return client_for(user).post(f"/api/v1/jobs/{pk}/{what}/", body, format="json")


# --- the charge the user saw ---------------------------------------------------------------------


def test_cancel_with_a_charge_that_changed_is_refused_odm_cancel_1(demo, clock):
    """The API honours expected_total like the page: a charge other than the one seen is a 409
    saying the new charge, and nothing changes (ODM-CANCEL-1 charge: 108.00)."""
    pk = book(demo)
    approve(demo, pk)
    response = post(
        demo.customer, pk, "cancel", {"reason": "Rained out.", "expected_total": "0.00"}
    )
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["field"] == "expected_total"
    assert body["detail"] == (
        "The charge is now $108.00 (it changed since the page was opened): check it and "
        "confirm again."
    )
    assert get_job(pk).status == "approved"
    with scopes_disabled():
        assert not JobChange.objects.exists()
    done = post(demo.customer, pk, "cancel", {"reason": "Rained out.", "expected_total": "108.00"})
    assert done.status_code == 200, done.json()
    assert get_job(pk).status == "cancelled"


def test_reduce_with_a_charge_or_price_that_changed_is_refused_odm_cancel_1(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    change = {"shifts": [{"index": 0, "officers": 1}], "reason": "Smaller crowd."}
    stale = post(demo.customer, pk, "reduce", {**change, "expected_total": "1.00"})
    assert stale.status_code == 409, stale.json()
    assert stale.json()["field"] == "expected_total"
    assert "$54.00" in stale.json()["detail"]
    price = post(
        demo.customer,
        pk,
        "reduce",
        {**change, "expected_total": "54.00", "expected_new_total": "1"},
    )
    assert price.status_code == 409, price.json()
    assert price.json()["field"] == "expected_new_total"
    assert price.json()["detail"].startswith("The new price is now $414.00")
    assert get_job(pk).total == Decimal("828.00")
    done = post(
        demo.customer,
        pk,
        "reduce",
        {**change, "expected_total": "54.00", "expected_new_total": "414.00"},
    )
    assert done.status_code == 200, done.json()
    assert get_job(pk).total == Decimal("414.00")


def test_the_service_refuses_a_changed_charge_for_every_caller(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    job = get_job(pk)
    with pytest.raises(services.ChargeChanged) as caught:
        services.cancel_job(
            job, actor=demo.customer, reason="Rained out.", expected_total=Decimal("5.00")
        )
    assert caught.value.http_status == 409
    assert get_job(pk).status == "approved"


# --- police necessity (NOPD-CANCEL-1) ------------------------------------------------------------


def test_only_agency_staff_may_preview_or_cancel_for_police_necessity_nopd_cancel_1(demo, clock):
    pk = book(demo)
    approve(demo, pk)
    for body in (
        {"preview": True, "police_necessity": True},
        {"reason": "x", "police_necessity": True},
    ):
        refused = post(demo.customer, pk, "cancel", body)
        assert refused.status_code == 403, refused.json()
        assert "police necessity" in refused.json()["detail"]
    job = get_job(pk)
    with pytest.raises(NotAllowed):
        services.preview_cancellation(job, actor=demo.customer, police_necessity=True)
    shown = post(
        demo.coordinator("asheville"), pk, "cancel", {"preview": True, "police_necessity": True}
    )
    assert shown.status_code == 200 and shown.json()["charge"]["total"] == "0.00"
    done = post(
        demo.coordinator("asheville"),
        pk,
        "cancel",
        {"reason": "Storm.", "police_necessity": True, "expected_total": "0.00"},
    )
    assert done.status_code == 200, done.json()
    assert done.json()["refund_due"] is True


# --- the end of a reduced shift ------------------------------------------------------------------

OVERNIGHT = asheville_body(
    shifts=[{"starts_at": "2027-03-10T18:00:00", "ends_at": "2027-03-11T02:00:00", "officers": 2}]
)


def test_an_overnight_shift_may_end_earlier_on_the_next_day(demo, clock):
    """The page reads "01:00" on an 18:00 shift as the next day; the API takes the full time:
    the service accepts an end after the start and before the current end."""
    pk = book(demo, OVERNIGHT)
    approve(demo, pk)
    shown = post(
        demo.customer,
        pk,
        "reduce",
        {"preview": True, "shifts": [{"index": 0, "ends_at": "2027-03-11T01:00:00"}]},
    )
    assert shown.status_code == 200, shown.json()
    assert shown.json()["quote"]["shifts"][0]["ends_at"].startswith("2027-03-11T01:00:00")


@pytest.mark.parametrize(
    ("ends_at", "words"),
    [
        ("2027-03-10T17:00:00", "after the start"),  # the same day, before the start
        ("2027-03-10T18:00:00", "after the start"),  # at the start
        ("2027-03-11T03:00:00", "earlier"),  # past the current end
    ],
)
def test_a_reduced_end_must_be_after_the_start_and_not_later(demo, clock, ends_at, words):
    pk = book(demo, OVERNIGHT)
    approve(demo, pk)
    response = post(
        demo.customer,
        pk,
        "reduce",
        {"reason": "Change.", "shifts": [{"index": 0, "ends_at": ends_at}]},
    )
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == "shifts[0].ends_at"
    assert words in response.json()["detail"]
    with scopes_disabled():
        assert not JobChange.objects.exists()

"""Officer payroll per pay period and the admin-fee ledger (NOPD-FEE-1), for agency admins
only: hours from attendance at the position's officer pay rate, fees billed and collected apart
from officer pay, CSV downloads safe from spreadsheet formulas; a coordinator is refused (403),
another agency's pages are 404."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django_scopes import scopes_disabled

from billing import ledger, payroll
from jobs.models import Position
from officers.services.attendance import check_in, check_out
from tests.billing.conftest import book_nopd
from tests.billing.stripe_helpers import invoice_for
from tests.billing.test_receipts import record_check
from tests.factories import AssignmentFactory, OfficerFactory, UserFactory
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db

APRIL = "?start=2027-04-01&end=2027-04-30"
START = datetime(2027, 4, 7, 23, 0, tzinfo=UTC)  # Wed 7 April 2027, 6 PM CDT


def worked(demo, job, *, name: str, badge: str, minutes: int):
    """An NOPD officer on one of the job's positions, checked in at the start and out after
    ``minutes`` (PLAT-ATTEND-1 through the attendance service)."""
    with scopes_disabled():
        position = (
            Position.objects.filter(shift__job=job, assignments__isnull=True).order_by("pk").first()
        )
        officer = OfficerFactory(
            agency=demo.nopd, badge_number=badge, user=UserFactory(full_name=name)
        )
        assignment = AssignmentFactory(position=position, officer=officer)
    check_in(assignment, actor=officer.user, at=START)
    check_out(assignment, actor=officer.user, at=START.replace(hour=23) + _minutes(minutes))
    return assignment


def _minutes(minutes: int):
    from datetime import timedelta

    return timedelta(minutes=minutes)


@pytest.fixture
def april(demo, clock, django_capture_on_commit_callbacks):
    """The acceptance job (2 officers, 4 h, Tier 3) invoiced on 1 March 2027 and paid 200.00 by
    check; worked in April by two officers, one of them 20 minutes over."""
    job = book_nopd(demo)
    with scopes_disabled():
        invoice = invoice_for(job, by=demo.coordinator("nopd"))
    record_check(demo, invoice, "200.00", "10452", django_capture_on_commit_callbacks)
    clock.move_to(datetime(2027, 4, 8, 6, 0, tzinfo=UTC))
    worked(demo, job, name='=HYPERLINK("http://x.test","pay")', badge="1234", minutes=260)
    worked(demo, job, name="Avery Brooks", badge="2345", minutes=240)
    return job


def test_the_payroll_lists_hours_rate_and_amount_per_officer_nopd_fee_1(demo, april):
    """NOPD-FEE-1: officer, badge, job, local date, hours from attendance, rate and amount."""
    page = browser_client(demo.admin("nopd")).get(f"/billing/nopd/payroll/{APRIL}")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Avery Brooks",
        "2345",
        "Gallery opening",
        "Wed Apr 7",
        "4.33",
        "$200.61",
        "$185.32",
        "$385.93",
    ):
        assert expected in text, expected

    answer = browser_client(demo.admin("nopd")).get(f"/billing/nopd/payroll/csv/{APRIL}")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert 'filename="payroll-nopd-2027-04-01-2027-04-30.csv"' in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == list(payroll.HEADER)
    assert rows[1] == [
        '\'=HYPERLINK("http://x.test","pay")',
        "1234",
        str(april.pk),
        "Gallery opening",
        "2027-04-07",
        "4.33",
        "46.33",
        "200.61",
    ]
    assert rows[2][0] == "Avery Brooks" and rows[2][5:] == ["4.00", "46.33", "185.32"]
    # March: nothing worked
    march = browser_client(demo.admin("nopd")).get(
        "/billing/nopd/payroll/csv/?start=2027-03-01&end=2027-03-31"
    )
    assert march.content.decode().strip().splitlines() == [",".join(payroll.HEADER)]


def test_the_fee_ledger_reports_fees_apart_from_officer_pay_by_month_nopd_fee_1(demo, april):
    """NOPD-FEE-1: billed in March (invoice), collected in March (the check, split as the
    receipt splits it), officer pay owed in April (the payroll)."""
    with scopes_disabled():
        found = ledger.build(demo.nopd, 2027)
    march, april_row = found.rows[2], found.rows[3]
    assert (str(march.officer_pay_billed), str(march.admin_fee_billed)) == ("370.64", "64.00")
    assert str(march.officer_pay_collected) == "170.55"
    assert str(march.admin_fee_collected) == "29.45"
    assert str(april_row.officer_pay_owed) == "385.93"
    assert str(found.total.admin_fee_collected) == "29.45"
    assert str(found.officer_pay_held) == "170.55"  # nothing disbursed yet
    assert str(found.officer_pay_unpaid) == "385.93"

    page = browser_client(demo.admin("nopd")).get("/billing/nopd/ledger/?year=2027")
    assert page.status_code == 200
    assert "$29.45" in page.content.decode() and "$385.93" in page.content.decode()
    answer = browser_client(demo.admin("nopd")).get("/billing/nopd/ledger/csv/?year=2027")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == list(ledger.HEADER)
    assert rows[3] == ["2027-03", "370.64", "64.00", "170.55", "29.45", "0.00", "0.00"]
    assert rows[4][0] == "2027-04" and rows[4][5] == "385.93"
    assert rows[-1][0] == "Total"


def test_only_the_agencys_admins_see_payroll_and_ledger_nopd_fee_1(demo, april):
    """NOPD-FEE-1, PLAT-TENANT-1: a coordinator is refused (403), a customer too; another
    agency's admin gets 404 for NOPD's pages."""
    urls = [
        f"/billing/nopd/{name}/{suffix}"
        for name in ("payroll", "ledger")
        for suffix in ("", "csv/")
    ]
    for url in urls:
        assert browser_client(demo.coordinator("nopd")).get(url).status_code == 403, url
        assert browser_client(demo.customer).get(url).status_code == 403, url
        assert browser_client(demo.admin("asheville")).get(url).status_code == 404, url


@pytest.mark.parametrize(
    "query",
    [
        "?start=2027-04-30&end=2027-04-01",
        "?start=2020-01-01&end=2027-01-01",
        "?start=1066-10-14&end=1066-10-15",
        "?start=yesterday&end=2027-04-01",
        "?start=2027-04-01",
    ],
)
def test_a_bad_pay_period_is_named_not_a_500_plat_limit_1(demo, clock, query):
    page = browser_client(demo.admin("nopd")).get(f"/billing/nopd/payroll/{query}")
    assert page.status_code == 400
    assert "has-error" in page.content.decode()


@pytest.mark.parametrize("year", ["1999", "99999999999999999999999", "twenty", ""])
def test_a_bad_ledger_year_is_named_not_a_500_plat_limit_1(demo, clock, year):
    page = browser_client(demo.admin("nopd")).get(f"/billing/nopd/ledger/?year={year}")
    assert page.status_code == 400


def test_an_admin_records_the_payroll_paid_once_and_the_ledger_shows_it_nopd_fee_1(demo, april):
    """NOPD-FEE-1: officer pay disbursed, recorded once per period (audited), reported in the
    month it was paid; a second record is refused in words, a coordinator is refused."""
    from audit.models import AuditEvent

    admin = browser_client(demo.admin("nopd"))
    body = {"start": "2027-04-01", "end": "2027-04-30", "paid_on": "2027-05-05"}
    answer = admin.post("/billing/nopd/payroll/paid/", body)
    assert answer.status_code == 302
    assert answer["Location"] == "/billing/nopd/payroll/?start=2027-04-01&end=2027-04-30"
    page = admin.get(answer["Location"]).content.decode()
    assert "Recorded as paid to the officers on May 5, 2027: $385.93" in page
    with scopes_disabled():
        [event] = AuditEvent.objects.filter(event_type="payroll.disbursed")
        found = ledger.build(demo.nopd, 2027)
    assert event.data["total"] == "385.93" and event.data["paid_on"] == "2027-05-05"
    assert str(found.rows[4].officer_pay_disbursed) == "385.93"
    assert str(found.officer_pay_unpaid) == "0.00"

    again = admin.post("/billing/nopd/payroll/paid/", body)
    assert again.status_code == 409
    assert "already recorded as paid" in again.content.decode()
    early = admin.post(
        "/billing/nopd/payroll/paid/",
        {**body, "start": "2027-03-01", "end": "2027-04-30", "paid_on": "2027-02-01"},
    )
    assert early.status_code == 400
    coordinator = browser_client(demo.coordinator("nopd")).post(
        "/billing/nopd/payroll/paid/", {**body, "start": "2027-04-02"}
    )
    assert coordinator.status_code == 403

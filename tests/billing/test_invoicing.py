"""Issuing invoices and credit notes from jobs (PLAT-INVOICE-1, NOPD-RATE-1, NOPD-FEE-1,
NOPD-PAY-1, NOPD-CANCEL-1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from billing.models import Invoice
from billing.models.invoices import Immutable
from billing.services.credits import credit_for_change, issue_credit_note
from billing.services.invoicing import issue_invoice_for_job
from detailhire import policy
from detailhire.errors import ConflictError
from jobs.models import JobChange
from tests.billing.conftest import book_nopd, cancel
from tests.factories import get_job
from tests.fixtures import client_for

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")


def parts(document):
    return (str(document.officer_pay), str(document.admin_fee), str(document.total))


def test_the_acceptance_job_is_invoiced_434_64_with_pay_and_fee_apart_nopd_rate_1_nopd_fee_1(
    demo, nopd_job
):
    """NOPD-RATE-1, NOPD-FEE-1, PLAT-INVOICE-1: 2 officers x 4 h at Tier 3: total 434.64,
    officer pay 370.64 and admin fee 64.00 apart, on the line and in the totals; copied from the
    job's priced snapshot."""
    invoice = issue_invoice_for_job(nopd_job, actor=demo.coordinator("nopd"))
    assert parts(invoice) == ("370.64", "64.00", "434.64")
    assert invoice.number == "NOPD-2027-000001"
    assert invoice.kind == "invoice" and invoice.status == "issued"
    with scopes_disabled():
        [line] = invoice.lines.all()
    assert (line.hours, line.officers) == (Decimal("8.00"), 2)
    assert (str(line.officer_pay_rate), str(line.admin_fee_rate)) == ("46.33", "8.00")
    assert (str(line.officer_pay), str(line.admin_fee), str(line.amount)) == (
        "370.64",
        "64.00",
        "434.64",
    )
    assert invoice.seller_name == demo.nopd.name
    assert invoice.bill_to_name == "Acme Events"
    assert invoice.balance_due == Decimal("434.64")


def test_prepayment_is_due_exactly_48_hours_before_the_start_nopd_pay_1(demo, nopd_job):
    """NOPD-PAY-1: invoiced at approval, due 48 h before the first shift."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    assert invoice.due_at == nopd_job.starts_at - timedelta(hours=48)
    assert invoice.due_at == datetime(2027, 4, 5, 23, 0, tzinfo=UTC)  # Mon 6 PM CDT


def test_48_hours_across_the_daylight_saving_change_are_elapsed_hours_nopd_pay_1(demo, clock):
    """NOPD-PAY-1 across DST: a job at 6 PM CDT on Mon 15 March 2027 (clocks went forward on
    Sunday 14 March) is due 48 elapsed hours earlier: 5 PM CST on Saturday 13 March."""
    job = book_nopd(
        demo,
        shifts=[
            {"starts_at": "2027-03-15T18:00:00", "ends_at": "2027-03-15T22:00:00", "officers": 2}
        ],
    )
    invoice = issue_invoice_for_job(job, actor=None)
    assert str(invoice.total) == "434.64"
    assert invoice.due_at == job.starts_at - timedelta(hours=48)
    local = invoice.due_at.astimezone(CHICAGO)
    assert (local.day, local.hour, local.tzname()) == (13, 17, "CST")


def test_invoicing_twice_returns_the_same_invoice_and_is_audited_once_plat_invoice_1(
    demo, nopd_job
):
    first = issue_invoice_for_job(nopd_job, actor=demo.coordinator("nopd"))
    again = issue_invoice_for_job(nopd_job, actor=demo.coordinator("nopd"))
    assert again.pk == first.pk
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(event_type="invoice.issued"))
    assert len(events) == 1
    text = events[0].text
    assert text.startswith("Invoice NOPD-2027-000001 issued by ")
    assert text.endswith(": $434.64.")
    assert events[0].data["total"] == "434.64"  # data, formatted when shown


def test_an_issued_invoice_never_changes_and_is_never_deleted_plat_invoice_1(demo, nopd_job):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    invoice.total = Decimal("1.00")
    with pytest.raises(Immutable):
        invoice.save()
    with pytest.raises(Immutable):
        invoice.delete()
    with scopes_disabled(), pytest.raises(Immutable):
        invoice.lines.first().delete()


def test_a_job_not_yet_approved_is_not_invoiced(demo, clock):
    job = book_nopd(demo, approve=False)
    with pytest.raises(ConflictError):
        issue_invoice_for_job(job, actor=None)


def test_only_the_agency_issues_invoices(demo, nopd_job):
    with pytest.raises(policy.NotAllowed):
        issue_invoice_for_job(nopd_job, actor=demo.customer)


def test_a_customer_cancellation_credits_what_the_charge_does_not_keep_plat_invoice_1(
    demo, nopd_job
):
    """PLAT-INVOICE-1: the credit note refers to the invoice; what stays billed is the change's
    charge (an hourly NOPD job cancelled early costs nothing: NOPD-CANCEL-2)."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    change = cancel(nopd_job, demo.customer)
    assert change.charge_total == Decimal("0.00")
    note = credit_for_change(change, actor=None)
    assert note.kind == "credit_note" and note.refers_to == invoice
    assert parts(note) == ("370.64", "64.00", "434.64")
    assert note.number == "NOPD-2027-000002"
    invoice.refresh_from_db()
    assert invoice.status == "credited"
    assert invoice.balance_due == Decimal("0.00")
    with scopes_disabled():
        assert JobChange.objects.get(pk=change.pk).billed_at is not None


def test_a_kept_charge_stays_billed_and_the_rest_is_credited(demo, nopd_job):
    """A change whose charge keeps the admin fee (a card that charges it, say): the officer pay
    is credited, the fee stays owed."""
    from django.utils import timezone

    invoice = issue_invoice_for_job(nopd_job, actor=None)
    with scopes_disabled():
        change = JobChange.objects.create(
            job=nopd_job,
            kind=JobChange.Kind.CANCEL,
            actor=demo.customer,
            at=timezone.now(),
            reason="Rained out.",
            status_before=nopd_job.status,
            approved=True,
            charge={"officer_pay": "0.00", "admin_fee": "64.00", "total": "64.00", "lines": []},
            charge_total=Decimal("64.00"),
            previous_quote=nopd_job.quote,
            previous_total=nopd_job.total,
            new_total=Decimal("0.00"),
        )
    note = credit_for_change(change, actor=None)
    assert parts(note) == ("370.64", "0.00", "370.64")
    invoice.refresh_from_db()
    assert invoice.status == "issued"
    assert invoice.balance_due == Decimal("64.00")


def test_police_necessity_credits_everything_once_nopd_cancel_1(demo, nopd_job):
    """NOPD-CANCEL-1: a cancellation for police necessity credits the whole invoice; billing the
    change again (a retried request) issues nothing more."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True)
    assert change.refund_due
    note = credit_for_change(change, actor=demo.coordinator("nopd"))
    assert parts(note) == ("370.64", "64.00", "434.64")
    assert "NOPD-CANCEL-1" in note.rules
    again = credit_for_change(change, actor=None)
    assert again.pk == note.pk
    with scopes_disabled():
        assert Invoice.objects.filter(kind="credit_note").count() == 1
        assert AuditEvent.objects.filter(event_type="credit_note.issued").count() == 1
    invoice.refresh_from_db()
    assert invoice.balance_due == Decimal("0.00")


def test_a_change_on_a_job_never_invoiced_bills_nothing(demo, clock):
    job = book_nopd(demo, approve=False)
    change = cancel(job, demo.customer)
    assert credit_for_change(change, actor=None) is None
    with scopes_disabled():
        assert JobChange.objects.get(pk=change.pk).billed_at is not None
        assert not Invoice.objects.exists()


def test_a_partial_credit_note_splits_pay_and_fee_and_never_exceeds_the_invoice_nopd_fee_1(
    demo, nopd_job
):
    """NOPD-FEE-1: a credit keeps officer pay and the admin fee apart."""
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    note = issue_credit_note(invoice, actor=None, amount=Decimal("108.66"), reason="One hour")
    assert parts(note) == ("92.66", "16.00", "108.66")
    assert invoice.balance_due == Decimal("325.98")
    with pytest.raises(ConflictError):
        issue_credit_note(invoice, actor=None, amount=Decimal("400.00"), reason="Too much")
    with pytest.raises(ConflictError):
        issue_credit_note(note, actor=None, amount=Decimal("1.00"), reason="On a credit note")


def test_positions_never_filled_are_credited_after_the_job_completes_nopd_fee_1(demo, nopd_job):
    """docs/billing.md: a position never filled costs nothing; its share of the line is credited
    once the job is complete, officer pay and admin fee apart (NOPD-FEE-1). Once."""
    from billing.services.credits import credit_unfilled_positions
    from jobs.models import Job, Position

    invoice = issue_invoice_for_job(nopd_job, actor=None)
    with pytest.raises(ConflictError):
        credit_unfilled_positions(nopd_job, actor=None)
    with scopes_disabled():
        first = Position.objects.filter(shift__job=nopd_job).order_by("index").first()
        Position.objects.filter(pk=first.pk).update(status="filled")
        Job.objects.filter(pk=nopd_job.pk).update(status="completed")
    note = credit_unfilled_positions(nopd_job, actor=None)
    assert note.refers_to == invoice
    assert parts(note) == ("185.32", "32.00", "217.32")
    assert credit_unfilled_positions(nopd_job, actor=None).pk == note.pk
    assert invoice.balance_due == Decimal("217.32")


def test_a_reduction_keeps_the_new_price_and_its_charge_billed_plat_invoice_1(demo, clock):
    """PLAT-INVOICE-1: Asheville, 2 officers x 8 h = 828.00 reduced to one officer: the new price
    414.00 and the charge for the officer removed (8 h x 6.75 admin fee = 54.00) stay billed; the
    officer pay of the officer removed (360.00) is credited."""
    from tests.jobs.helpers import asheville_body

    response = client_for(demo.customer).post("/api/v1/jobs/", asheville_body(), format="json")
    pk = response.json()["id"]
    client_for(demo.coordinator("asheville")).post(f"/api/v1/jobs/{pk}/approve/", {}, format="json")
    job = get_job(pk)
    invoice = issue_invoice_for_job(job, actor=None)
    assert str(invoice.total) == "828.00"
    reduced = client_for(demo.customer).post(
        f"/api/v1/jobs/{pk}/reduce/",
        {"shifts": [{"index": 0, "officers": 1}], "reason": "Smaller crowd."},
        format="json",
    )
    assert reduced.status_code == 200, reduced.json()
    with scopes_disabled():
        change = JobChange.objects.get(job_id=pk)
    note = credit_for_change(change, actor=None)
    assert parts(note) == ("360.00", "0.00", "360.00")
    assert note.refers_to == invoice
    assert invoice.balance_due == Decimal("468.00")


def test_the_invoice_and_credit_note_read_on_the_jobs_timeline_plat_invoice_1(demo, nopd_job):
    """Billing's events are rendered from their data on the job page (money formatted when
    shown)."""
    from tests.fixtures import browser_client

    issue_invoice_for_job(nopd_job, actor=demo.coordinator("nopd"))
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True, reason="Storm")
    credit_for_change(change, actor=None)
    page = browser_client(demo.customer).get(f"/jobs/{nopd_job.pk}/").content.decode()
    assert "Invoice NOPD-2027-000001 issued by" in page
    assert "Credit note NOPD-2027-000002 issued by DetailHire on invoice NOPD-2027-000001" in page
    assert "$434.64" in page


def test_net_terms_are_due_n_days_after_the_job_ends(demo, clock):
    """A card with net terms (the ODM style): not invoiced at approval but at completion, due
    net_days calendar days after the last shift ends, at the same local time."""
    from jobs.models import Job, PricedCard
    from jobs.services.lifecycle import approve_job, complete_job, start_job

    job = book_nopd(demo, approve=False)
    with scopes_disabled():
        card = {**job.card_snapshot, "payment": {"kind": "net", "net_days": 30}}
        priced = PricedCard.of(job.agency_id, job.card_version, card)
        Job.objects.filter(pk=job.pk).update(card=priced)
        job.refresh_from_db()
    approve_job(job, actor=demo.coordinator("nopd"))
    with scopes_disabled():
        assert not Invoice.objects.filter(job=job).exists()
    start_job(job, now=job.starts_at)
    complete_job(job, now=job.ends_at)
    with scopes_disabled():
        invoice = Invoice.objects.get(job=job, purpose="job")
    assert str(invoice.total) == "434.64"
    local_end = job.ends_at.astimezone(CHICAGO)
    assert invoice.due_at.astimezone(CHICAGO).replace(tzinfo=None) == (
        local_end.replace(tzinfo=None) + timedelta(days=30)
    )
    assert "net 30" in invoice.terms


def test_a_job_accepted_within_48_hours_is_due_on_receipt_nopd_pay_1(demo, clock):
    """NOPD-PAY-1: the 48 hours have passed when the job is approved (and invoiced): due at
    once."""
    job = book_nopd(demo, approve=False)
    clock.move_to(job.starts_at - timedelta(hours=20))
    client_for(demo.coordinator("nopd")).post(f"/api/v1/jobs/{job.pk}/approve/", {}, format="json")
    with scopes_disabled():
        invoice = Invoice.objects.get(job=job)
    assert invoice.due_at == invoice.issued_at
    assert "due on receipt" in invoice.terms


def test_a_police_necessity_cancellation_is_credited_when_it_happens_once_nopd_cancel_1(
    demo, nopd_job
):
    """NOPD-CANCEL-1: the cancellation itself issues the credit note (in its transaction); the
    bill-job-changes sweep and a retry bill nothing more."""
    from django.utils import timezone

    from jobs.sweeps import run_all

    with scopes_disabled():
        invoice = Invoice.objects.get(job=nopd_job)
    change = cancel(nopd_job, demo.coordinator("nopd"), police_necessity=True)
    with scopes_disabled():
        assert Invoice.objects.get(change=change).number == "NOPD-2027-000002"
    again = {result.name: result for result in run_all(timezone.now())}["bill-job-changes"]
    assert again.actions == ()
    assert credit_for_change(change, actor=None).number == "NOPD-2027-000002"
    with scopes_disabled():
        assert Invoice.objects.filter(kind="credit_note").count() == 1
    assert invoice.balance_due == Decimal("0.00")


def test_approving_a_prepay_job_issues_its_invoice_at_once_nopd_pay_1(demo, clock):
    """NOPD-PAY-1: approval invoices the job in the same transaction: 434.64 (370.64 officer pay,
    64.00 admin fee apart), due exactly 48 hours before the start; the audit names the system."""
    job = book_nopd(demo, approve=False)
    with scopes_disabled():
        assert not Invoice.objects.filter(job=job).exists()
    client_for(demo.coordinator("nopd")).post(f"/api/v1/jobs/{job.pk}/approve/", {}, format="json")
    with scopes_disabled():
        invoice = Invoice.objects.get(job=job)
    assert parts(invoice) == ("370.64", "64.00", "434.64")
    assert invoice.due_at == job.starts_at - timedelta(hours=48)
    assert client_for(demo.customer).get(f"/api/v1/jobs/{job.pk}/").json()["invoices"] == [
        invoice.pk
    ]

"""The deadline sweeps of notifications (notifications/sweeps.py), run as ``manage.py sweep``
and beat run them: each acts at its deadline, once, and a second run changes nothing and mails
nobody twice. Times travel across both daylight-saving changes of 2027 in New Orleans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from billing.models import Invoice
from billing.services.invoicing import issue_invoice_for_job
from jobs.models import Job, Position
from notifications.models import Message, Preference, Survey
from officers.services.claims import claim_position
from tests.fixtures import browser_client
from tests.notifications.helpers import commits, late_and_present, one, to
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.django_db

CUSTOMER = "customer@acme.demo"
COORDINATOR = "coordinator@nopd.demo"


def sweep(at: datetime, *names: str) -> str:
    """``manage.py sweep --at`` with the commits of each sweep run (mail goes on commit)."""
    out = StringIO()
    with commits():
        call_command("sweep", *names, "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def invoiced(job: Job) -> Invoice:
    with scopes_disabled():
        return issue_invoice_for_job(job, actor=None, at=datetime(2027, 3, 1, 12, tzinfo=UTC))


# --- prepayment (NOPD-PAY-1) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due_local"),
    [
        # clocks go forward on Sun 14 March: 48 elapsed hours before Monday 10:00 CDT is
        # Saturday 9:00 CST
        (local(2027, 3, 15, 10), "Sat Mar 13, 9:00 AM CST"),
        # clocks go back on Sun 7 November: 48 h before Monday 10:00 CST is Saturday 11:00 CDT
        (local(2027, 11, 8, 10), "Sat Nov 6, 11:00 AM CDT"),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_prepayment_reminder_then_unpaid_job_cancelled_and_credited_nopd_pay_1(
    demo, clock, start, due_local
):
    start = start.astimezone(UTC)  # elapsed hours, not wall-clock ones
    clock.move_to(start - timedelta(days=10))
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    (position,) = positions(job)
    with scopes_disabled():
        claim_position(position.pk, actor=officer(1).user)
        invoice = issue_invoice_for_job(job, actor=None)
    due = invoice.due_at
    assert due == start - timedelta(hours=48)
    mail.outbox.clear()

    sweep(due - timedelta(hours=24, minutes=1), "prepayment-reminders")
    assert to(CUSTOMER) == []  # not yet
    out = sweep(due - timedelta(hours=23), "prepayment-reminders")
    assert f"invoice {invoice.number}: reminder sent" in out
    reminder = one(CUSTOMER, "Payment due")
    assert due_local in reminder.subject and due_local in reminder.body
    assert f"/invoices/{invoice.pk}/" in reminder.body
    sweep(due - timedelta(hours=1), "prepayment-reminders")
    assert len(to(CUSTOMER)) == 1  # once

    sweep(due - timedelta(minutes=1), "prepayment-deadlines")
    job.refresh_from_db()
    assert job.status == Job.Status.APPROVED or job.status == Job.Status.FILLED

    out = sweep(due, "prepayment-deadlines")
    assert f"job {job.pk}: cancelled unpaid" in out
    with scopes_disabled():
        job.refresh_from_db()
        assert job.status == Job.Status.CANCELLED
        assert "not paid by the prepayment deadline" in job.cancel_reason
        assert Invoice.objects.filter(refers_to=invoice, kind=Invoice.Kind.CREDIT_NOTE).count() == 1
        invoice.refresh_from_db()
        assert invoice.balance_due <= 0
    assert one(CUSTOMER, "Cancelled")
    assert one(COORDINATOR, "Cancelled")
    assert "off your schedule" in one("officer1@nopd.demo", "Cancelled").body

    before = len(mail.outbox)
    again = sweep(due + timedelta(minutes=1), "prepayment-reminders", "prepayment-deadlines")
    assert f"job {job.pk}" not in again
    assert len(mail.outbox) == before


def test_a_paid_job_is_not_cancelled_nopd_pay_1(demo, clock):
    start = local(2027, 3, 20, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    invoice = invoiced(job)
    with scopes_disabled():
        Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.PAID)
    sweep(invoice.due_at + timedelta(minutes=5))
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.APPROVED


# --- notice (NOPD-LEAD-1) and unfilled positions -------------------------------------------------


def test_short_notice_request_is_flagged_at_once_and_a_later_one_when_its_threshold_passes_nopd_lead_1(  # noqa: E501
    demo, clock
):
    soon = local(2027, 3, 4, 10)  # 3 days' notice: short
    short = book("Short", shifts=((soon, soon + timedelta(hours=4), 1),), approve=False)
    later = local(2027, 3, 20, 10)  # 19 days' notice
    normal = book("Normal", shifts=((later, later + timedelta(hours=4), 1),), approve=False)
    mail.outbox.clear()

    now = datetime(2027, 3, 1, 12, 1, tzinfo=UTC)
    sweep(now, "notice-escalation")
    flagged = one(COORDINATOR, "Short notice")
    assert "Short" in flagged.subject and "Thu Mar 4, 10:00 AM CST" in flagged.body
    assert f"/jobs/{short.pk}/" in flagged.body
    sweep(now + timedelta(minutes=1), "notice-escalation")
    assert len(to(COORDINATOR)) == 1

    sweep(later - timedelta(days=7, minutes=-1), "notice-escalation")
    escalated = one(COORDINATOR, "Still unapproved")
    assert "Normal" in escalated.subject and f"/jobs/{normal.pk}/" in escalated.body


def test_open_positions_escalate_to_the_coordinator_at_each_threshold(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    mail.outbox.clear()
    sweep(start - timedelta(hours=73), "unfilled-escalation")
    assert to(COORDINATOR) == []
    sweep(start - timedelta(hours=71), "unfilled-escalation")
    sweep(start - timedelta(hours=70), "unfilled-escalation")
    first = one(COORDINATOR, "2 open position(s)")
    assert "72 h before the start" in first.body and f"/jobs/{job.pk}/" in first.body
    sweep(start - timedelta(hours=23), "unfilled-escalation")
    assert len(to(COORDINATOR)) == 2


def test_open_positions_escalate_at_the_cards_thresholds(demo, clock):
    """A card naming its own thresholds (96 h and 12 h) is followed; 72 h is not used then."""
    from jobs.models import PricedCard

    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    with scopes_disabled():  # priced at a card version naming them (versions never change)
        data = {**job.card.data, "unfilled_escalation_hours": [96, 12]}
        card = PricedCard.of(job.agency_id, job.card.version + 1, data)
        Job.objects.filter(pk=job.pk).update(card=card)
    mail.outbox.clear()
    sweep(start - timedelta(hours=97), "unfilled-escalation")
    assert to(COORDINATOR) == []
    sweep(start - timedelta(hours=95), "unfilled-escalation")
    assert "96 h before the start" in one(COORDINATOR, "2 open position(s)").body
    sweep(start - timedelta(hours=71), "unfilled-escalation")
    sweep(start - timedelta(hours=23), "unfilled-escalation")
    assert len(to(COORDINATOR)) == 1
    sweep(start - timedelta(hours=11), "unfilled-escalation")
    assert len(to(COORDINATOR)) == 2 and "12 h before" in to(COORDINATOR)[-1].body


# --- preferred window (NOPD-REL-1) ---------------------------------------------------------------


def test_officers_get_one_daily_digest_of_positions_open_to_all_nopd_rel_1(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    window_end = datetime(2027, 3, 2, 15, tzinfo=UTC)  # 9:00 in New Orleans
    with scopes_disabled():
        Position.objects.filter(shift__job=job).update(preferred_until=window_end)
    mail.outbox.clear()
    sweep(window_end - timedelta(minutes=1), "preferred-window-digest")
    assert to("officer1@nopd.demo") == []
    sweep(window_end + timedelta(minutes=1), "preferred-window-digest")
    digest = one("officer1@nopd.demo", "2 new position(s)")
    assert "Wed Mar 10, 10:00 AM CST" in digest.body and "/officer/board/" in digest.body
    assert "/unsubscribe/" in digest.body  # not essential: it can be turned off
    sweep(window_end + timedelta(hours=3), "preferred-window-digest")
    assert len(to("officer1@nopd.demo")) == 1  # one a day


def test_positions_open_to_all_at_approval_reach_the_daily_digest_nopd_rel_1(demo, clock):
    """A job without preferred officers opens its positions to all at approval: they are in the
    next digest like positions whose preferred window ended, once."""
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    with scopes_disabled():
        opened = set(Position.objects.filter(shift__job=job).values_list("opened_at", flat=True))
        assert not Position.objects.filter(shift__job=job, preferred_until__isnull=False).exists()
    (approved_at,) = opened
    mail.outbox.clear()
    morning = datetime(2027, 3, 1, 15, tzinfo=UTC)  # 9:00 in New Orleans, after approval
    assert approved_at < morning < approved_at + timedelta(days=1)
    sweep(morning, "preferred-window-digest")
    digest = one("officer1@nopd.demo", "2 new position(s)")
    assert "Wed Mar 10, 10:00 AM CST" in digest.body and "/officer/board/" in digest.body
    sweep(morning + timedelta(days=1, minutes=1), "preferred-window-digest")
    assert len(to("officer1@nopd.demo")) == 1  # a day later they are no longer new


def test_a_position_reopened_by_a_withdrawal_reenters_the_daily_digest_nopd_rel_1(demo, clock):
    """NOPD-REL-1: when an officer's withdrawal reopens a position, the officers who may claim it
    hear of it in the next daily digest (once), like a position newly open to all."""
    from officers.models import Assignment
    from officers.services.claims import withdraw

    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    (position,) = positions(job)
    with scopes_disabled():
        assignment = claim_position(position.pk, actor=officer(1).user)
    mail.outbox.clear()
    sweep(datetime(2027, 3, 3, 15, tzinfo=UTC), "preferred-window-digest")  # 9:00, still filled
    assert to("officer2@nopd.demo") == []
    left_at = datetime(2027, 3, 3, 18, tzinfo=UTC)
    with commits(), scopes_disabled():
        withdraw(Assignment.objects.get(pk=assignment.pk), actor=officer(1).user, now=left_at)
        position.refresh_from_db()
    assert position.status == Position.Status.OPEN and position.opened_at == left_at
    sweep(datetime(2027, 3, 4, 15, tzinfo=UTC), "preferred-window-digest")  # next morning
    digest = one("officer2@nopd.demo", "1 new position(s)")
    assert "Wed Mar 10, 10:00 AM CST" in digest.body and "/officer/board/" in digest.body
    sweep(datetime(2027, 3, 5, 15, 1, tzinfo=UTC), "preferred-window-digest")
    assert len(to("officer2@nopd.demo")) == 1  # a day later it is no longer new


def test_a_position_reopened_inside_its_preferred_window_waits_for_the_window_nopd_rel_1(
    demo, clock
):
    """NOPD-REL-1: a position reopened while still reserved for preferred officers keeps the
    reservation; it reaches the digest when the window ends, not before."""
    from officers.models import Assignment
    from officers.services.claims import withdraw

    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    (position,) = positions(job)
    window_end = datetime(2027, 3, 5, 15, tzinfo=UTC)  # 9:00 in New Orleans
    with scopes_disabled():
        assignment = claim_position(position.pk, actor=officer(1).user)
        Position.objects.filter(pk=position.pk).update(preferred_until=window_end)
        withdraw(
            Assignment.objects.get(pk=assignment.pk),
            actor=officer(1).user,
            now=datetime(2027, 3, 3, 18, tzinfo=UTC),
        )
    mail.outbox.clear()
    sweep(datetime(2027, 3, 4, 15, tzinfo=UTC), "preferred-window-digest")
    assert to("officer2@nopd.demo") == []  # still reserved
    sweep(window_end + timedelta(minutes=1), "preferred-window-digest")
    assert one("officer2@nopd.demo", "1 new position(s)")


# --- the day of the detail -----------------------------------------------------------------------


def test_officer_reminded_the_day_before_unless_turned_off(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    one_position, other = positions(job)
    with scopes_disabled():
        first = claim_position(one_position.pk, actor=officer(1).user)
        claim_position(other.pk, actor=officer(2).user)
    Preference.objects.create(user=officer(2).user, muted=["reminders"])
    mail.outbox.clear()
    sweep(start - timedelta(hours=25), "shift-reminders")
    assert to("officer1@nopd.demo") == []
    sweep(start - timedelta(hours=23), "shift-reminders")
    sweep(start - timedelta(hours=22), "shift-reminders")
    reminder = one("officer1@nopd.demo", "Tomorrow")
    assert "Wed Mar 10, 10:00 AM CST" in reminder.body
    assert f"/officer/assignments/{first.pk}/" in reminder.body
    assert to(officer(2).user.email) == []


def test_coordinator_alerted_when_nobody_checked_in(demo, clock, settings):
    settings.DETAILHIRE_NO_CHECK_IN_MINUTES = 15
    start = local(2027, 3, 10, 10)
    late_and_present(start)
    mail.outbox.clear()
    sweep(start + timedelta(minutes=14), "no-check-in")
    assert to(COORDINATOR) == []
    sweep(start + timedelta(minutes=16), "no-check-in")
    sweep(start + timedelta(minutes=20), "no-check-in")
    alert = one(COORDINATOR, "Nobody checked in")
    assert "Late" in alert.subject and "Andre Fontenot" in alert.body


# --- survey (NOPD-SURVEY-1) ----------------------------------------------------------------------


def survey_link(message) -> str:
    (line,) = [w for w in message.body.split() if "/survey/" in w]
    return line[line.index("/survey/") :]


def test_survey_once_per_completed_job_token_single_use_nopd_survey_1(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    with scopes_disabled():
        claim_position(positions(job)[0].pk, actor=officer(1).user)
    end = start + timedelta(hours=4)
    sweep(end + timedelta(minutes=1), "job-progress")
    mail.outbox.clear()
    sweep(end + timedelta(minutes=2), "surveys")
    sweep(end + timedelta(minutes=3), "surveys")
    message = one(CUSTOMER, "How did it go?")
    assert Survey.objects.filter(job=job).count() == 1
    link = survey_link(message)

    page = Client().get(link)  # no login
    assert page.status_code == 200 and "Andre Fontenot" in page.text
    assert Client().post(link, {"rating": "9"}).status_code == 200  # refused, form again
    officer_id = officer(1).pk
    answered = Client().post(
        link,
        {
            "rating": "5",
            "comment": "On time, courteous.",
            f"officer_{officer_id}_rating": "4",
            f"officer_{officer_id}_comment": "Kept traffic moving.",
        },
    )
    assert answered.status_code == 200 and "Thank you" in answered.text
    survey = Survey.objects.get(job=job)
    assert (survey.rating, survey.comment) == (5, "On time, courteous.")
    assert [(a.officer_id, a.rating) for a in survey.answers.all()] == [(officer_id, 4)]
    assert Client().get(link).status_code == 410  # single use
    staff_page = browser_client(user(COORDINATOR)).get(f"/jobs/{job.pk}/")
    assert "Kept traffic moving." in staff_page.text and "5 of 5" in staff_page.text
    assert Client().get("/survey/not-a-token/").status_code == 404


def test_an_expired_survey_link_is_refused_nopd_survey_1(demo, clock):
    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    sweep(start + timedelta(hours=5), "job-progress")
    sweep(start + timedelta(hours=5, minutes=1), "surveys")
    link = survey_link(one(CUSTOMER, "How did it go?"))
    Survey.objects.filter(job=job).update(expires_at=datetime(2027, 2, 1, tzinfo=UTC))
    assert Client().get(link).status_code == 410


# --- the outbox ----------------------------------------------------------------------------------


def test_messages_the_queue_lost_are_sent_by_the_outbox_sweep(demo, clock):
    job = book()
    Message.objects.update(sent_at=None)
    mail.outbox.clear()
    sweep(datetime(2027, 3, 1, 12, 10, tzinfo=UTC), "mail-outbox")
    assert one(CUSTOMER, "Request approved")
    assert not Message.objects.filter(sent_at__isnull=True).exists()
    mail.outbox.clear()
    sweep(datetime(2027, 3, 1, 12, 20, tzinfo=UTC), "mail-outbox")
    assert mail.outbox == [] and job.pk


def test_unknown_sweep_name_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No sweep named nope"):
        sweep(datetime(2027, 3, 1, tzinfo=UTC), "nope")


def test_a_coordinator_extends_the_deadline_audited_and_the_sweep_waits_nopd_pay_1(demo, clock):
    from audit.models import AuditEvent
    from detailhire.policy import NotAllowed
    from notifications.deadlines import extend_payment_deadline

    start = local(2027, 3, 20, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 1),))
    invoice = invoiced(job)
    due = invoice.due_at
    with pytest.raises(NotAllowed), scopes_disabled():
        extend_payment_deadline(
            invoice, actor=user(CUSTOMER), until=due + timedelta(hours=24), reason="Please."
        )
    with scopes_disabled():
        extend_payment_deadline(
            invoice,
            actor=user(COORDINATOR),
            until=due + timedelta(hours=24),
            reason="Check in the mail.",
        )
    mail.outbox.clear()
    sweep(due + timedelta(minutes=5))
    job.refresh_from_db()
    assert job.status == Job.Status.APPROVED  # not cancelled at the old deadline
    assert one(CUSTOMER, "Payment due")  # reminded of the new one
    with scopes_disabled():
        entry = AuditEvent.objects.get(job_id=job.pk, event_type="invoice.deadline_extended")
    assert entry.data["reason"] == "Check in the mail."
    sweep(due + timedelta(hours=24))
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED


def test_a_job_cancelled_as_unpaid_carries_no_cancellation_charge_nopd_pay_1(demo, clock):
    """NOPD-PAY-1 (docs/rules.md): the agency cancels an unpaid job under its own rule at the
    prepayment deadline; nothing was worked, so there is NO cancellation charge (a customer
    cancelling at the same moment would pay the card's charge): the invoice is credited in full,
    the officer is released and told, the customer and the coordinator are told."""
    from jobs.models import JobChange
    from jobs.services import preview_cancellation
    from notifications.deadlines import extend_payment_deadline
    from officers.models import Assignment

    start = local(2027, 3, 20, 10).astimezone(UTC)
    clock.move_to(start - timedelta(days=10))
    job = book(
        "Second line",
        shifts=((start, start + timedelta(hours=4), 1),),
        job_type="second_line",
        category="parade",
        tier=None,
    )
    (position,) = positions(job)
    deadline = start - timedelta(hours=1)  # moved by the coordinator into the late window
    with scopes_disabled():
        claim_position(position.pk, actor=officer(1).user)
        invoice = issue_invoice_for_job(job, actor=None)
        extend_payment_deadline(
            invoice, actor=user(COORDINATOR), until=deadline, reason="Paying at the door."
        )
        usual = preview_cancellation(job, actor=user(CUSTOMER), at=deadline)
    assert usual.total > 0  # what the customer cancelling now would pay (NOPD-CANCEL-2)
    mail.outbox.clear()

    out = sweep(deadline, "prepayment-deadlines")
    assert f"job {job.pk}: cancelled unpaid" in out
    with scopes_disabled():
        change = JobChange.objects.get(job=job, kind=JobChange.Kind.CANCEL)
        assert change.charge_total == 0 and "NOPD-PAY-1" in change.charge["rules"]
        documents = Invoice.objects.filter(job=job).exclude(pk=invoice.pk)
        assert [d.kind for d in documents] == [Invoice.Kind.CREDIT_NOTE]  # no charge invoice
        assert documents[0].total == -invoice.total or abs(documents[0].total) == invoice.total
        invoice.refresh_from_db()
        assert invoice.balance_due == 0
        assert not Assignment.objects.filter(position__shift__job=job, state="assigned").exists()
    for address, link in (
        (CUSTOMER, f"/jobs/{job.pk}/"),
        (COORDINATOR, f"/jobs/{job.pk}/"),
        ("officer1@nopd.demo", "/officer/schedule/"),
    ):
        message = one(address, "Cancelled")
        assert "Sat Mar 20, 10:00 AM CDT" in message.body and link in message.body
    customer = one(CUSTOMER, "Cancelled").body
    assert "no cancellation charge" in customer.lower()
    assert "not paid by the prepayment deadline" in customer


def test_reminded_assignments_are_left_out_by_the_database(demo, clock):
    """The shift-reminders sweep runs every minute over the next day's assignments: the ones
    reminded already are left out by its one query (the message key's index), so with nothing
    due it renders nothing and runs one query however many details the day holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.sweeps import shift_reminders

    start = local(2027, 3, 10, 10)
    job = book(shifts=((start, start + timedelta(hours=4), 2),))
    with scopes_disabled():
        for n, position in enumerate(positions(job), start=1):
            claim_position(position.pk, actor=officer(n).user)
    sweep(start - timedelta(hours=23), "shift-reminders")
    assert len(mail.outbox) >= 2
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        assert shift_reminders(start - timedelta(hours=22)) == []
    assert len(queries) == 1
    assert "NOT (EXISTS" in queries[0]["sql"].upper() or "NOT EXISTS" in queries[0]["sql"].upper()


@pytest.mark.parametrize("count", [1, 4])
def test_escalations_sent_before_cost_no_query_a_job(demo, clock, count):
    """The escalation sweeps re-read their window every minute: the jobs escalated already are
    found in one query for the whole window (their notice keys), so a run with nothing new runs
    the same queries for one job or many and renders no message (NOPD-LEAD-1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.sweeps import notice_escalation, unfilled_escalation

    soon = local(2027, 3, 4, 10)
    for n in range(count):
        book(f"Short {n}", shifts=((soon, soon + timedelta(hours=4), 1),), approve=False)
        book(f"Open {n}", shifts=((soon, soon + timedelta(hours=4), 1),))
    now = soon.astimezone(UTC) - timedelta(hours=23)
    sweep(now, "notice-escalation", "unfilled-escalation")
    assert len(to(COORDINATOR)) == 2 * count
    for run in (notice_escalation, unfilled_escalation):
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            assert run(now + timedelta(minutes=1)) == []
        assert len(queries) <= 3, [q["sql"] for q in queries]

"""The deadline sweeps of notifications (registered with ``jobs.sweeps``; ``manage.py sweep`` and
Celery beat run them). Each selects its due rows by an indexed UTC deadline column, bounded on
both sides so the cost follows the due rows and not the table; acts once per row; and records
that it acted: a state change re-checked under the row's lock, or a ``Message`` whose unique key
refuses a second copy. Running one twice, or two at once, changes nothing more and mails nobody
twice.

- ``prepayment-reminders`` (NOPD-PAY-1): 24 h before a prepayment deadline the customer is told.
- ``prepayment-deadlines`` (NOPD-PAY-1): a job whose invoice is unpaid at its deadline is
  cancelled as unpaid (``jobs.services.cancel_job(..., unpaid=True)``: the agency cancels it
  under its own rule, so no cancellation charge; officers released and told, customer and
  coordinator told) and the invoice credited in full (``billing.services.credits``).
- ``notice-escalation`` (NOPD-LEAD-1, ODM-LEAD-1): a request still unapproved when its start is
  within one of the card's notice thresholds (and 24 h) is escalated to the coordinators; a
  short-notice request is inside the threshold from the start, so it is flagged at once.
- ``preferred-window-digest`` (NOPD-REL-1): officers get one email a day (after 7:00 in the
  agency's zone) listing positions that opened to all in the last day (their preferred officers'
  window ended, the job had none and was approved, or an officer's withdrawal or release
  reopened it) and that they may claim.
- ``unfilled-escalation``: an approved job with open positions is escalated to the coordinator
  at each of its card's ``unfilled_escalation_hours`` before its start (72 h and 24 h when the
  card says nothing).
- ``shift-reminders``: each officer is reminded the day before a detail.
- ``no-check-in``: nobody on a shift checked in ``NO_CHECK_IN_MINUTES`` after its start: the
  coordinator is alerted.
- ``surveys`` (NOPD-SURVEY-1): each completed job's customer gets the survey, once.
- ``mail-outbox``: messages the broker lost are sent.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, Concat

from agencies.formatting import moment, money
from billing.models import Invoice
from billing.services.credits import credit_for_change
from detailhire.errors import DomainError
from jobs import states
from jobs.models import Job, Position, PricedCard
from jobs.services import cancel_job
from jobs.sweeps import register
from notifications import jobmail
from notifications.deadlines import payment_deadline
from notifications.models import Message
from notifications.outbox import send_message, unsent
from notifications.surveys import send_survey
from officers.models import Assignment, Officer
from officers.states import LIVE_STATES

REMINDER_BEFORE = timedelta(hours=24)
UNPAID_REASON = "The invoice was not paid by the prepayment deadline (NOPD-PAY-1)."
LOOKBACK = timedelta(days=2)  # how far back a sweep that missed its minute still acts
DIGEST_HOUR = time(7, 0)


def unfilled_hours() -> tuple[int, ...]:
    return tuple(getattr(settings, "DETAILHIRE_UNFILLED_ESCALATION_HOURS", (72, 24)))


def no_check_in_minutes() -> int:
    return int(getattr(settings, "DETAILHIRE_NO_CHECK_IN_MINUTES", 15))


def _unpaid_prepay_invoices(after: datetime, until: datetime):
    """Unpaid job invoices whose payment deadline (``deadline_at``: the due date, or the one a
    coordinator moved it to) is in (``after``, ``until``], due before their job starts
    (prepayment), the job not started. The filter on status, kind and purpose is the condition
    of the partial index ``invoice_open_job_deadline``, so only the due rows are read."""
    return Invoice._base_manager.filter(
        status=Invoice.Status.ISSUED,
        kind=Invoice.Kind.INVOICE,
        purpose=Invoice.Purpose.JOB,
        deadline_at__gt=after,
        deadline_at__lte=until,
        job__status__in=states.NOT_STARTED,
        due_at__lt=F("job__starts_at"),
    )


# --- prepayment ----------------------------------------------------------------------------------


@register("prepayment-reminders", "customers reminded of a prepayment due within 24 h")
def prepayment_reminders(now: datetime) -> list[str]:
    due = _unpaid_prepay_invoices(now, now + REMINDER_BEFORE)
    actions = []
    for invoice in due.select_related("job__agency", "job__created_by").order_by(
        "deadline_at", "pk"
    ):
        job = invoice.job
        tz = job.agency.time_zone
        deadline = invoice.deadline_at
        sent = jobmail.send(
            job,
            [job.created_by, invoice.bill_to_email],
            event="payment_due",
            subject=f"Payment due {moment(deadline, tz)}: {job.title}",
            headline=f"Invoice {invoice.number} ({money(invoice.balance_due, invoice.currency)}) "
            f"must be paid by {moment(deadline, tz)}, before the start.",
            lines=["An unpaid job is cancelled at the deadline and its officers released."],
            next_step="Pay the invoice now (card, ACH or check).",
            link=jobmail.url("billing-invoice", pk=invoice.pk),
            link_label="Pay the invoice",
            key=f"invoice:{invoice.pk}:due-reminder:{deadline.isoformat()}",
        )
        if sent:
            actions.append(f"invoice {invoice.number}: reminder sent")
    return actions


@register("prepayment-deadlines", "unpaid jobs cancelled at their prepayment deadline")
def prepayment_deadlines(now: datetime) -> list[str]:
    due = _unpaid_prepay_invoices(now - LOOKBACK, now)
    actions = []
    for pk in due.order_by("deadline_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            invoice = (
                Invoice._base_manager.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, status=Invoice.Status.ISSUED)
                .select_related("job")
                .first()
            )
            if invoice is None or invoice.job.status not in states.NOT_STARTED:
                continue  # paid, moved or taken by a concurrent run meanwhile
            deadline = payment_deadline(invoice)
            if deadline > now or deadline >= invoice.job.starts_at or invoice.balance_due <= 0:
                continue
            try:
                change = cancel_job(
                    invoice.job, actor=None, reason=UNPAID_REASON, at=now, unpaid=True
                )
            except DomainError:
                continue
            credit_for_change(change, actor=None, at=now)
        actions.append(f"job {invoice.job_id}: cancelled unpaid (invoice {invoice.number})")
    return actions


# --- requests and positions ----------------------------------------------------------------------


def _notice_thresholds(notice) -> list[tuple[str, Decimal]]:
    """A card's notice thresholds (its ``notice`` rules), the largest first, and 24 h."""
    rules = [
        (str(rule.get("code") or "notice"), Decimal(str(rule["within_hours"])))
        for rule in notice or []
        if rule.get("within_hours") and not rule.get("refuse")
    ]
    return sorted({*rules, ("last_day", Decimal(24))}, key=lambda r: (-r[1], r[0]))


# one part of each priced card, by the card's digest: a ``PricedCard`` never changes, so a part
# read once stays true (a sweep reads the few kilobytes of a card once per process, not per run)
_CARD_PARTS: dict[tuple[str, str], object] = {}


def _card_parts(jobs, part: str) -> dict[int, object]:
    """``data[part]`` of the card of each job in ``jobs`` (a queryset), by card id: one query for
    the window's distinct cards, and the part itself only for a card not read before."""
    ids = jobs.order_by().values("card_id").distinct()
    cards = dict(PricedCard.objects.filter(pk__in=ids).values_list("pk", "digest"))
    missing = [pk for pk, digest in cards.items() if (part, digest) not in _CARD_PARTS]
    if missing:
        for pk, value in PricedCard.objects.filter(pk__in=missing).values_list(
            "pk", KeyTransform(part, "data")
        ):
            _CARD_PARTS[(part, cards[pk])] = value
    return {pk: _CARD_PARTS[(part, digest)] for pk, digest in cards.items()}


def _not_sent(key):
    """No message was sent with ``key`` (an expression over the outer row): a probe of the
    message key's partial index."""
    return ~Exists(Message.objects.exclude(key="").filter(key=key))


@register("notice-escalation", "unapproved requests near their start escalated")
def notice_escalation(now: datetime) -> list[str]:
    horizon = now + timedelta(days=30)  # no card threshold is longer than 30 days
    window = Job._base_manager.filter(
        status=Job.Status.REQUESTED, starts_at__gt=now, starts_at__lte=horizon
    )
    # a request escalates once, when its card's largest threshold passes (the key names it): the
    # window is narrowed in SQL by each card's largest threshold, and the requests escalated
    # before are left out by the message key, so nothing is read when nothing is due
    largest = {
        card_id: _notice_thresholds(notice)[0]
        for card_id, notice in _card_parts(window, "notice").items()
    }
    if not largest:
        return []
    by_threshold = defaultdict(list)
    for card_id, threshold in largest.items():
        by_threshold[threshold].append(card_id)
    code = Case(
        *(
            When(
                card_id__in=ids,
                starts_at__lte=now + timedelta(hours=float(hours)),
                then=Value(name),
            )
            for (name, hours), ids in by_threshold.items()
        ),
        default=None,
        output_field=CharField(),
    )
    key = Concat(
        Value("job:"), Cast(OuterRef("pk"), CharField()), Value(":notice:"), OuterRef("due_code")
    )
    reach = now + timedelta(hours=float(max(hours for _name, hours in largest.values())))
    due = (
        window.filter(starts_at__lte=min(horizon, reach))
        .annotate(due_code=code)
        .filter(due_code__isnull=False)
        .filter(_not_sent(key))
        .select_related("agency", "organization", "coordinator")
        .defer(*_PRICED)
        .order_by("starts_at", "pk")
    )
    actions = []
    for job in due:
        code_name, hours = largest[job.card_id]
        short = job.requested_at > job.starts_at - timedelta(hours=float(hours))
        tz = job.agency.time_zone
        sent = jobmail.send(
            job,
            jobmail.coordinators(job),
            event="notice",
            subject=f"{'Short notice' if short else 'Still unapproved'}: {job.title}",
            headline=(
                f"Requested with less than {hours.normalize()} h notice"
                if short
                else f"Still waiting for approval, {hours.normalize()} h before the start"
            )
            + f" (starts {moment(job.starts_at, tz)}).",
            next_step="Approve or deny it now: it closes unapproved at its start.",
            link=jobmail.job_url(job),
            key=f"job:{job.pk}:notice:{code_name}",
        )
        if sent:
            actions.append(f"job {job.pk}: escalated ({code_name})")
    return actions


# a job's priced quote and request (kilobytes of JSON), never read by the escalations
_PRICED = ("quote", "request_snapshot", "warnings", "add_ons")


def _sent(keys: list[str]) -> set[str]:
    """The notice keys among ``keys`` sent before: one query for a sweep's whole window, so a
    sweep re-reading its window every minute does not check (or render) each row again."""
    if not keys:
        return set()
    found = Message.objects.exclude(key="").filter(key__in=keys).values_list("key", flat=True)
    return set(found.distinct())


def _open_positions():
    return Position._base_manager.filter(
        status=Position.Status.OPEN,
        shift__cancelled=False,
        shift__job__status__in=states.LIVE,
    )


UNFILLED_HORIZON = timedelta(hours=168)  # no card escalates earlier (agencies.pricing.validate)


def _unfilled_thresholds(hours) -> tuple[int, ...]:
    """A card's hours before the start at which open positions escalate (its
    ``unfilled_escalation_hours``), or the default; the smallest first."""
    return tuple(sorted(int(h) for h in (hours or unfilled_hours())))


@register("unfilled-escalation", "jobs with open positions near their start escalated")
def unfilled_escalation(now: datetime) -> list[str]:
    horizon = now + max(UNFILLED_HORIZON, timedelta(hours=max(unfilled_hours(), default=0)))
    window = Job._base_manager.filter(
        status=Job.Status.APPROVED, starts_at__gt=now, starts_at__lte=horizon
    )
    # a job escalates at each threshold of its card: the tightest one passed names the key. The
    # threshold is picked in SQL (each card's thresholds, the smallest first) and the jobs
    # escalated at it before are left out by the message key, so nothing is read when nothing
    # is due
    by_thresholds = defaultdict(list)
    for card_id, hours in _card_parts(window, "unfilled_escalation_hours").items():
        by_thresholds[_unfilled_thresholds(hours)].append(card_id)
    if not by_thresholds:
        return []
    threshold = Case(
        *(
            When(card_id__in=ids, starts_at__lte=now + timedelta(hours=hours), then=Value(hours))
            for thresholds, ids in by_thresholds.items()
            for hours in thresholds
        ),
        default=None,
        output_field=IntegerField(),
    )
    key = Concat(
        Value("job:"),
        Cast(OuterRef("pk"), CharField()),
        Value(":unfilled:"),
        Cast(OuterRef("due_hours"), CharField()),
    )
    reach = now + timedelta(hours=max(max(t) for t in by_thresholds))
    due = (
        window.filter(starts_at__lte=min(horizon, reach))
        .annotate(due_hours=threshold)
        .filter(due_hours__isnull=False)
        .filter(_not_sent(key))
        .filter(Exists(_open_positions().filter(shift__job_id=OuterRef("pk"))))
        .select_related("agency", "coordinator")
        .defer(*_PRICED)
        .order_by("starts_at", "pk")
    )
    actions = []
    for job in due:
        hours = job.due_hours
        key = f"job:{job.pk}:unfilled:{hours}"
        open_count = _open_positions().filter(shift__job_id=job.pk).count()
        sent = jobmail.send(
            job,
            jobmail.coordinators(job),
            event="unfilled",
            subject=f"{open_count} open position(s): {job.title}",
            headline=f"{open_count} position(s) are still open {hours} h before the start.",
            next_step="Assign officers from the job page or call officers in.",
            link=jobmail.job_url(job),
            key=key,
        )
        if sent:
            actions.append(f"job {job.pk}: {open_count} open, {hours} h before the start")
    return actions


def _eligible(card, officer: Officer, position: Position) -> bool:
    from officers.services import eligibility

    try:
        eligibility.check_rank_and_specialty(card, officer, position)
    except DomainError:
        return False
    return True


def _cards_of(agency, positions) -> dict[int, object]:
    """The card each position's eligibility is read against, by job: the agency's card in force
    (read from the cache once for all), or, when it has none, each job's priced card."""
    from officers.services.cards import card_for_agency

    jobs = {p.shift.job_id: p.shift.job for p in positions}
    try:
        card = card_for_agency(agency)
    except LookupError:
        return {job_id: card_for_agency(agency, job) for job_id, job in jobs.items()}
    return dict.fromkeys(jobs, card)


def _digest_key(officer_pk, day: str) -> str:
    return f"digest:officer:{officer_pk}:{day}"


@register("preferred-window-digest", "officers sent their daily digest of new open positions")
def preferred_window_digest(now: datetime) -> list[str]:
    since = now - timedelta(days=1)
    window_ended = Q(preferred_until__gt=since, preferred_until__lte=now)
    # open to all at approval, or reopened by a withdrawal or release (``opened_at`` moves then)
    opened_to_all = Q(preferred_until__isnull=True, opened_at__gt=since, opened_at__lte=now)
    opened = (
        _open_positions()
        .filter(window_ended | opened_to_all)
        .filter(shift__starts_at__gt=now)
        .select_related("shift__job__agency")
        .order_by("shift__starts_at", "pk")
    )
    by_agency = defaultdict(list)
    for position in opened:
        by_agency[position.shift.job.agency_id].append(position)
    actions = []
    for agency_id, positions in by_agency.items():
        agency = positions[0].shift.job.agency
        local = now.astimezone(ZoneInfo(agency.time_zone))
        if local.time() < DIGEST_HOUR:
            continue
        day = local.date().isoformat()
        # the officers sent today's digest before are left out in the database (one probe of
        # the message key's index each), not checked one by one
        key = Concat(Value("digest:officer:"), Cast(OuterRef("pk"), CharField()), Value(f":{day}"))
        officers = (
            Officer._base_manager.filter(agency_id=agency_id, active=True)
            .filter(_not_sent(key))
            .select_related("user")
        )
        cards = _cards_of(agency, positions)
        for officer in officers:
            mine = [p for p in positions if _eligible(cards[p.shift.job_id], officer, p)]
            if not mine:
                continue
            first = mine[0].shift.job
            lines = [
                f"{p.shift.job.title}: {moment(p.shift.starts_at, agency.time_zone)}" for p in mine
            ]
            sent = jobmail.send(
                first,
                [officer.user],
                event="digest",
                subject=f"{len(mine)} new position(s) open to you",
                headline="These positions are now open to every eligible officer:",
                lines=lines,
                next_step="Claim the ones you want on the board before someone else does.",
                link=jobmail.url("officers:board"),
                link_label="Open the board",
                kind="digest",
                key=_digest_key(officer.pk, day),
                starts_at=mine[0].shift.starts_at,
                ends_at=mine[0].shift.ends_at,
            )
            if sent:
                actions.append(f"officer {officer.pk}: digest of {len(mine)}")
    return actions


# --- officers on the day -------------------------------------------------------------------------


def _live_assignments():
    return Assignment._base_manager.filter(state__in=LIVE_STATES).select_related(
        "officer__user", "position__shift__job__agency"
    )


def _reminder_key(assignment_pk) -> str:
    return f"assignment:{assignment_pk}:reminder"


@register("shift-reminders", "officers reminded of tomorrow's details")
def shift_reminders(now: datetime) -> list[str]:
    # the day's assignments not reminded yet: the reminded ones are left out in the database
    # (one probe of the message key's index each), not re-read every minute
    reminded = Message.objects.filter(
        key=Concat(Value("assignment:"), Cast(OuterRef("pk"), CharField()), Value(":reminder"))
    )
    due = (
        _live_assignments()
        .filter(starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE)
        .exclude(Exists(reminded))
    )
    actions = []
    for assignment in due.order_by("starts_at", "pk"):
        job = assignment.position.shift.job
        sent = jobmail.send(
            job,
            [assignment.officer.user],
            event="reminder",
            subject=f"Tomorrow: {job.title}",
            headline="A reminder of your detail.",
            lines=[f"Post orders: {job.post_orders}"] if job.post_orders else [],
            next_step="Be on site before the start and check in from the assignment page.",
            link=jobmail.assignment_url(assignment),
            link_label="Open the assignment",
            kind="reminders",
            key=_reminder_key(assignment.pk),
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
        )
        if sent:
            actions.append(f"assignment {assignment.pk}: reminded")
    return actions


@register("no-check-in", "coordinators alerted: nobody checked in after a start")
def no_check_in(now: datetime) -> list[str]:
    late = now - timedelta(minutes=no_check_in_minutes())
    # the running assignments of shifts that started long enough ago (the partial index of live
    # assignments by start, ``assignment_live_starts``), less, in the database, the shifts where
    # someone checked in and those alerted before: nothing is read when nothing is due
    shift = OuterRef("position__shift_id")
    checked_in = Assignment._base_manager.filter(
        position__shift_id=shift, checked_in_at__isnull=False
    )
    alerted = Concat(Value("shift:"), Cast(shift, CharField()), Value(":no-check-in"))
    started = (
        _live_assignments()
        .filter(starts_at__lte=late, starts_at__gt=now - LOOKBACK, ends_at__gt=now)
        .filter(~Exists(checked_in))
        .filter(_not_sent(alerted))
        .defer(*(f"position__shift__job__{name}" for name in _PRICED))
    )
    by_shift = defaultdict(list)
    for assignment in started.order_by("starts_at", "pk"):
        by_shift[assignment.position.shift_id].append(assignment)
    actions = []
    for shift_id, assignments in by_shift.items():
        job = assignments[0].position.shift.job
        names = ", ".join(a.officer.user.display_name for a in assignments)
        sent = jobmail.send(
            job,
            jobmail.coordinators(job),
            event="no_check_in",
            subject=f"Nobody checked in: {job.title}",
            headline=f"Nobody has checked in {no_check_in_minutes()} minutes after the start.",
            lines=[f"Assigned: {names}."],
            next_step="Call the officers, or the site contact, now.",
            link=jobmail.url("officers:staff-attendance"),
            link_label="Open attendance",
            key=f"shift:{shift_id}:no-check-in",
            starts_at=assignments[0].starts_at,
            ends_at=assignments[0].ends_at,
        )
        if sent:
            actions.append(f"shift {shift_id}: coordinator alerted")
    return actions


# --- after the job -------------------------------------------------------------------------------


@register("surveys", "customers sent the survey of a completed job")
def surveys(now: datetime) -> list[str]:
    done = Job._base_manager.filter(
        status=Job.Status.COMPLETED,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=7),
        survey__isnull=True,
    )
    actions = []
    for job in done.order_by("ends_at", "pk"):
        if send_survey(job, now=now) is not None:
            actions.append(f"job {job.pk}: survey sent")
    return actions


@register("mail-outbox", "messages the queue lost sent")
def mail_outbox(now: datetime) -> int:
    count = 0
    for pk in unsent(now).filter(attempts__lt=10).values_list("pk", flat=True)[:500]:
        try:
            count += send_message(pk)
        except Exception:  # noqa: BLE001 - the mail server is down: next minute
            break
    return count

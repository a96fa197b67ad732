"""Issuing invoices and credit notes (PLAT-INVOICE-1; docs/billing.md).

Each service authorizes the actor through the policy (``invoice.issue``; ``actor=None`` is the
system), then, in one transaction: locks the rows it decides on, re-checks their state, writes
the document whole (number, copied names and addresses, lines) and records an audit event. The
PDF is rendered once, after the transaction commits (``billing.pdf.store_pdf``).

- ``issue_invoice_for_job``: the job's invoice, its lines copied from the job's priced snapshot
  (``job.quote``: never re-priced), officer pay and the admin fee apart on every line
  (NOPD-RATE-1, NOPD-FEE-1); due by the card's payment terms (NOPD-PAY-1: prepayment due
  48 elapsed hours before the first shift; ``net``: N days after the job ends).
- ``issue_credit_note``: a credit note that refers to the invoice it corrects.
- ``credit_for_change``: bills a confirmed cancellation or reduction (a ``jobs.JobChange``):
  what stays billed is the change's charge (plus the reduced job's new price); the rest is
  credited (NOPD-CANCEL-1: police necessity credits everything). A change is billed once.
- ``refresh_status``: paid or issued again from ``balance_due`` (payments call it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from audit.log import record
from billing import numbering
from billing.inputs import ZERO, CreditLine, Parts
from billing.models import Invoice, InvoiceLine
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from jobs.models import Job, JobChange, Position

__all__ = [
    "CreditLine",
    "Parts",
    "credit_for_change",
    "credit_unfilled_positions",
    "issue_credit_note",
    "issue_invoice_for_job",
    "refresh_status",
]

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
# A job is invoiced once the agency has accepted it (NOPD-PAY-1: "invoiced at approval").
INVOICEABLE = {
    Job.Status.APPROVED,
    Job.Status.FILLED,
    Job.Status.IN_PROGRESS,
    Job.Status.COMPLETED,
}
PREPAY = "prepay"
NET = "net"
DEFAULT_PREPAY_HOURS = 48
METHOD_NAMES = {"card": "card", "ach": "ACH bank transfer", "check": "check"}


# --- invoices ------------------------------------------------------------------------------------


def issue_invoice_for_job(job: Job, *, actor, at: datetime | None = None) -> Invoice:
    """The job's invoice, issued now (or ``at``). Idempotent: a job already invoiced returns its
    invoice unchanged."""
    policy.require(actor, "invoice.issue", job)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Job._base_manager.select_for_update(of=("self",))
        job = locked.select_related("agency", "organization").get(pk=job.pk)
        existing = _job_invoice(job)
        if existing is not None:
            return existing
        if job.status not in INVOICEABLE:
            raise ConflictError(
                f"This job is {job.get_status_display().lower()}: only an accepted job is invoiced."
            )
        quote = job.quote
        terms = PaymentTerms.of(job.card_snapshot)
        due_at = terms.due_at(job, at)
        invoice = _write(
            job.agency,
            job.organization,
            job=job,
            kind=Invoice.Kind.INVOICE,
            purpose=Invoice.Purpose.JOB,
            at=at,
            due_at=due_at,
            currency=quote.get("currency") or job.agency.currency,
            parts=Parts.of(quote, "other_charges"),
            lines=[_quote_line(line) for line in quote.get("lines", [])],
            terms=terms.sentence(job, due_at, at),
            methods=terms.methods,
            rules=sorted({*quote.get("rules", []), *terms.rules, "PLAT-INVOICE-1"}),
        )
        record(
            invoice,
            actor=actor,
            event="invoice.issued",
            agency=job.agency,
            job=job,
            to_state=invoice.status,
            data={
                "number": invoice.number,
                "total": invoice.total,
                "currency": invoice.currency,
                "due_at": invoice.due_at,
            },
            at=at,
        )
    return invoice


def _job_invoice(job: Job) -> Invoice | None:
    """The job's own invoice (not an adjustment billed for a change)."""
    return Invoice._base_manager.filter(job=job, purpose=Invoice.Purpose.JOB).first()


def _quote_line(line: dict) -> dict:
    parts = Parts.of(line)
    return {
        "description": line.get("description") or line.get("rate_name") or "Officer hours",
        "hours": _decimal(line.get("hours")),
        "officers": line.get("officers"),
        "officer_pay_rate": _decimal(line.get("officer_pay_rate")),
        "admin_fee_rate": _decimal(line.get("admin_fee_rate")),
        "officer_pay": parts.officer_pay,
        "admin_fee": parts.admin_fee,
        "other": parts.other,
        "amount": Decimal(line.get("amount") or parts.total),
        "rules": list(line.get("rules", [])),
    }


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


@dataclass(frozen=True)
class PaymentTerms:
    """The card's payment terms as the job was priced (``card_snapshot["payment"]``)."""

    kind: str
    hours_before_start: int
    net_days: int
    methods: tuple[str, ...]
    rules: tuple[str, ...]

    @classmethod
    def of(cls, card: dict) -> PaymentTerms:
        payment = card.get("payment") or {}
        return cls(
            kind=payment.get("kind") or PREPAY,
            hours_before_start=int(payment.get("hours_before_start") or DEFAULT_PREPAY_HOURS),
            net_days=int(payment.get("net_days") or 0),
            methods=tuple(payment.get("methods") or ("card", "ach", "check")),
            rules=tuple(payment.get("rules") or ()),
        )

    def due_at(self, job: Job, at: datetime) -> datetime:
        """Prepayment (NOPD-PAY-1): ``hours_before_start`` elapsed hours before the first shift
        (counted in UTC, so a daylight-saving change in between moves the local clock time, not
        the 48 hours), or on receipt when that moment has passed. Net: ``net_days`` calendar days
        after the last shift ends (or after issue, if later), at the same local time."""
        if self.kind == NET:
            since = max(job.ends_at, at).astimezone(ZoneInfo(job.agency.time_zone))
            local = since.replace(tzinfo=None) + timedelta(days=self.net_days)
            return local.replace(tzinfo=since.tzinfo).astimezone(ZoneInfo("UTC"))
        due = job.starts_at - timedelta(hours=self.hours_before_start)
        return max(due, at)

    def sentence(self, job: Job, due_at: datetime, at: datetime) -> str:
        if self.kind == NET:
            return f"Payment due {self.net_days} days after the job ends (net {self.net_days})."
        if due_at <= at:
            return (
                "Payment is due on receipt: the job starts within "
                f"{self.hours_before_start} hours (prepayment)."
            )
        return (
            f"Prepayment: due {self.hours_before_start} hours before the first shift starts. "
            "An unpaid job may be cancelled by the agency."
        )


def _write(
    agency,
    organization,
    *,
    job: Job | None,
    kind: str,
    purpose: str,
    at: datetime,
    parts: Parts,
    lines: Sequence[dict],
    currency: str,
    due_at: datetime | None = None,
    refers_to: Invoice | None = None,
    change: JobChange | None = None,
    terms: str = "",
    methods: Sequence[str] = (),
    reason: str = "",
    rules: Sequence[str] = (),
) -> Invoice:
    """Number and write one document with its lines (inside the caller's transaction)."""
    number = numbering.next_number(agency, at)
    invoice = Invoice(
        agency=agency,
        organization=organization,
        job=job,
        change=change,
        kind=kind,
        purpose=purpose,
        refers_to=refers_to,
        year=number.year,
        sequence=number.sequence,
        number=number.text,
        issued_at=at,
        due_at=due_at,
        currency=currency,
        time_zone=agency.time_zone,
        seller_name=agency.name,
        seller_phone=agency.office_phone,
        seller_email=agency.email,
        seller_website=agency.website,
        bill_to_name=organization.name,
        bill_to_contact=organization.billing_contact,
        bill_to_email=organization.billing_email,
        bill_to_address=organization.address,
        job_title=job.title if job else "",
        job_address=job.address if job else "",
        service_starts_at=job.starts_at if job else None,
        service_ends_at=job.ends_at if job else None,
        officer_pay=parts.officer_pay,
        admin_fee=parts.admin_fee,
        other_charges=parts.other,
        total=parts.total,
        terms=terms,
        payment_methods=[METHOD_NAMES.get(m, m) for m in methods],
        reason=reason,
        rules=list(rules),
    )
    invoice.save(force_insert=True)
    InvoiceLine._base_manager.bulk_create(
        InvoiceLine(invoice=invoice, position=index, **line) for index, line in enumerate(lines)
    )
    transaction.on_commit(lambda: _store_pdf(invoice.pk))
    return invoice


def _store_pdf(pk: int) -> None:
    """After commit: the document is issued whatever happens here. Its PDF is stored (one that
    fails to render now is rendered when first asked for: billing.pdf.pdf_bytes), then it is
    mailed to the organization billed, the PDF attached."""
    from billing.pdf import store_pdf
    from billing.services.invoice_emails import document_issued

    try:
        store_pdf(pk)
    except Exception:
        logger.exception("The PDF of document %s could not be rendered now.", pk)
        return
    try:
        document_issued(pk)
    except Exception:
        logger.exception("Document %s could not be mailed.", pk)


# --- credit notes --------------------------------------------------------------------------------


def credited_parts(invoice: Invoice) -> Parts:
    """What the credit notes on ``invoice`` have credited so far."""
    sums = Invoice._base_manager.filter(refers_to=invoice, kind=Invoice.Kind.CREDIT_NOTE).aggregate(
        officer_pay=Sum("officer_pay"), admin_fee=Sum("admin_fee"), other=Sum("other_charges")
    )
    return Parts(*(sums[key] or ZERO for key in ("officer_pay", "admin_fee", "other")))


def issue_credit_note(
    invoice: Invoice,
    *,
    actor,
    reason: str,
    lines: Sequence[CreditLine] | None = None,
    amount: Decimal | None = None,
    change: JobChange | None = None,
    at: datetime | None = None,
    rules: Sequence[str] = (),
) -> Invoice:
    """A credit note on ``invoice``: the ``lines`` given, or one line of ``amount`` (split into
    officer pay, admin fee and other charges in the invoice's proportions; the whole remaining
    amount when neither is given). Never more than what is left to credit on the invoice."""
    policy.require(actor, "invoice.issue", invoice)
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the credit note is issued.", field="reason")
    with transaction.atomic():
        invoice = Invoice._base_manager.select_for_update().get(pk=invoice.pk)
        if invoice.kind != Invoice.Kind.INVOICE:
            raise ConflictError("A credit note corrects an invoice, not another credit note.")
        original = Parts(invoice.officer_pay, invoice.admin_fee, invoice.other_charges)
        left = original - credited_parts(invoice)
        if amount is not None and Decimal(amount) > left.total:
            raise ConflictError(
                f"Only {left.total} {invoice.currency} is left to credit on invoice "
                f"{invoice.number}."
            )
        if lines is None:
            parts = left if amount is None else _split(Decimal(amount), original, left)
            lines = [CreditLine(f"Credit: {reason}", parts, tuple(rules))]
        credit = sum((line.parts for line in lines), Parts())
        if credit.total <= ZERO:
            raise DomainError("A credit note credits more than nothing.", field="amount")
        if credit.total > left.total:
            raise ConflictError(
                f"Only {left.total} {invoice.currency} is left to credit on invoice "
                f"{invoice.number}."
            )
        purpose = Invoice.Purpose.CHANGE if change else Invoice.Purpose.MANUAL
        return _credit_note(
            invoice, lines, reason=reason, change=change, at=at, actor=actor, purpose=purpose
        )


def _split(amount: Decimal, original: Parts, left: Parts) -> Parts:
    """``amount`` in the proportions of the invoice's parts (the admin fee takes the rounding)."""
    if amount >= left.total:
        return left
    if original.total == ZERO:
        return Parts(other=amount)
    officer_pay = (amount * original.officer_pay / original.total).quantize(CENT)
    other = (amount * original.other / original.total).quantize(CENT)
    return Parts(officer_pay, amount - officer_pay - other, other)


def _credit_note(invoice, lines, *, reason, change, at, actor, purpose) -> Invoice:
    credit = sum((line.parts for line in lines), Parts())
    rules = sorted({"PLAT-INVOICE-1", *(rule for line in lines for rule in line.rules)})
    job = invoice.job
    note = _write(
        invoice.agency,
        invoice.organization,
        job=job,
        kind=Invoice.Kind.CREDIT_NOTE,
        purpose=purpose,
        refers_to=invoice,
        change=change,
        at=at,
        parts=credit,
        currency=invoice.currency,
        lines=[
            {
                "description": line.description,
                "officer_pay": line.parts.officer_pay,
                "admin_fee": line.parts.admin_fee,
                "other": line.parts.other,
                "amount": line.parts.total,
                "rules": list(line.rules),
            }
            for line in lines
        ],
        terms=(
            f"This credit note reduces invoice {invoice.number}. Anything already paid above "
            "what remains due is refunded."
        ),
        reason=reason,
        rules=rules,
    )
    if (credited_parts(invoice)).total >= invoice.total:
        invoice.status = Invoice.Status.CREDITED
        invoice.save(update_fields=["status"])
    record(
        note,
        actor=actor,
        event="credit_note.issued",
        agency=invoice.agency,
        job=job,
        to_state=note.status,
        data={
            "number": note.number,
            "refers_to_number": invoice.number,
            "total": note.total,
            "currency": note.currency,
            "reason": reason,
        },
        at=at,
    )
    return note


# --- changes -------------------------------------------------------------------------------------


def credit_for_change(change: JobChange, *, actor, at: datetime | None = None) -> Invoice | None:
    """Bill a confirmed cancellation or reduction once: a credit note for what is no longer
    billed (the job's invoice minus what stays: the change's charge, plus the reduced job's new
    price), or an adjustment invoice when more is billed than before. Police necessity
    (NOPD-CANCEL-1) keeps nothing billed: everything is credited. A job never invoiced needs no
    credit: an unapproved job is not invoiced, and a cancellation charge on a job never invoiced
    is invoiced on its own. Returns the document issued (None when nothing was owed either way);
    a change already billed returns its document again and changes nothing."""
    policy.require(actor, "invoice.issue", change.job)
    at = at or timezone.now()
    with transaction.atomic():
        locked = JobChange._base_manager.select_for_update(of=("self",))
        change = locked.select_related("job__agency", "job__organization").get(pk=change.pk)
        if change.billed_at is not None:
            return Invoice._base_manager.filter(change=change).first()
        job = change.job
        invoice = _job_invoice(job)
        stays = Parts.of(change.charge)
        if change.kind == JobChange.Kind.REDUCE and not change.police_necessity:
            stays = stays + Parts.of(change.new_quote or {}, "other_charges")
        if change.police_necessity:
            stays = Parts()  # NOPD-CANCEL-1: everything is credited (and refunded)
        document = None
        if invoice is None:
            if change.kind == JobChange.Kind.CANCEL and stays.total > ZERO:
                document = _adjustment(job, change, stays, at=at, actor=actor)
        else:
            invoice = Invoice._base_manager.select_for_update().get(pk=invoice.pk)
            billed = _billed_parts(job)
            difference = billed - stays
            if difference.total > ZERO:
                document = _credit_note(
                    invoice,
                    [_change_line(change, difference)],
                    reason=change.reason,
                    change=change,
                    at=at,
                    actor=actor,
                    purpose=Invoice.Purpose.CHANGE,
                )
            elif difference.total < ZERO:
                document = _adjustment(job, change, stays - billed, at=at, actor=actor)
        JobChange._base_manager.filter(pk=change.pk).update(billed_at=at)
        record(
            change,
            actor=actor,
            event="job_change.billed",
            agency=job.agency,
            job=job,
            data={
                "change_kind": change.kind,
                "number": document.number if document else "",
                "police_necessity": change.police_necessity,
            },
            at=at,
        )
    return document


def _billed_parts(job: Job) -> Parts:
    """What is billed on the job now: its invoices minus its credit notes."""
    total = Parts()
    for document in Invoice._base_manager.filter(job=job):
        parts = Parts(document.officer_pay, document.admin_fee, document.other_charges)
        total = total - parts if document.is_credit_note else total + parts
    return total


def _change_line(change: JobChange, parts: Parts) -> CreditLine:
    if change.police_necessity:
        return CreditLine(
            "Cancelled by the agency for police necessity: everything is credited",
            parts,
            ("NOPD-CANCEL-1",),
        )
    if change.kind == JobChange.Kind.CANCEL:
        kept = Decimal(change.charge_total)
        words = f"cancellation charge {kept} kept" if kept else "no cancellation charge"
        return CreditLine(f"Job cancelled ({words})", parts, tuple(change.charge.get("rules", [])))
    return CreditLine("Job reduced", parts, tuple(change.charge.get("rules", [])))


def _adjustment(job: Job, change: JobChange, parts: Parts, *, at, actor) -> Invoice:
    """An invoice for what a change adds to the job's bill (a cancellation charge on a job not
    invoiced before, for instance): due on receipt."""
    lines = [
        {
            "description": line.get("description") or "Cancellation charge",
            "officer_pay": Decimal(line.get("officer_pay") or "0"),
            "admin_fee": Decimal(line.get("admin_fee") or "0"),
            "other": Decimal(line.get("other") or "0"),
            "amount": Decimal(line.get("amount") or "0"),
            "rules": list(line.get("rules", [])),
        }
        for line in change.charge.get("lines", [])
    ]
    if sum((line["amount"] for line in lines), ZERO) != parts.total:
        lines = [
            {
                "description": f"{change.get_kind_display()} job: charge",
                "officer_pay": parts.officer_pay,
                "admin_fee": parts.admin_fee,
                "other": parts.other,
                "amount": parts.total,
                "rules": list(change.charge.get("rules", [])),
            }
        ]
    terms = PaymentTerms.of(job.card_snapshot)
    invoice = _write(
        job.agency,
        job.organization,
        job=job,
        kind=Invoice.Kind.INVOICE,
        purpose=Invoice.Purpose.CHANGE,
        change=change,
        at=at,
        due_at=at,
        parts=parts,
        currency=job.quote.get("currency") or job.agency.currency,
        lines=lines,
        terms="Payment is due on receipt.",
        methods=terms.methods,
        reason=change.reason,
        rules=sorted({"PLAT-INVOICE-1", *change.charge.get("rules", [])}),
    )
    record(
        invoice,
        actor=actor,
        event="invoice.issued",
        agency=job.agency,
        job=job,
        to_state=invoice.status,
        data={"number": invoice.number, "total": invoice.total, "currency": invoice.currency},
        at=at,
    )
    return invoice


# --- positions never filled -------------------------------------------------------------------


def credit_unfilled_positions(job: Job, *, actor, at: datetime | None = None) -> Invoice | None:
    """Once a job is complete, the positions never filled are credited (docs/billing.md): for
    each shift, each unfilled officer (or supervisor) position takes its share of the shift's
    officer (supervisor) lines of the invoice, officer pay and admin fee apart (NOPD-FEE-1).
    Once per job; None when every position was filled or the job was never invoiced."""
    policy.require(actor, "invoice.issue", job)
    at = at or timezone.now()
    with transaction.atomic():
        job = Job._base_manager.select_for_update(of=("self",)).get(pk=job.pk)
        if job.status != Job.Status.COMPLETED:
            raise ConflictError("Positions never filled are credited once the job is complete.")
        invoice = _job_invoice(job)
        if invoice is None:
            return None
        done = Invoice._base_manager.filter(job=job, purpose=Invoice.Purpose.UNFILLED).first()
        if done is not None:
            return done
        invoice = Invoice._base_manager.select_for_update().get(pk=invoice.pk)
        lines = _unfilled_lines(job)
        if not lines:
            return None
        left = Parts(invoice.officer_pay, invoice.admin_fee, invoice.other_charges)
        credit = sum((line.parts for line in lines), Parts())
        if credit.total > (left - credited_parts(invoice)).total:
            return None  # already credited otherwise (a cancellation or reduction)
        return _credit_note(
            invoice,
            lines,
            reason="Positions never filled",
            change=None,
            at=at,
            actor=actor,
            purpose=Invoice.Purpose.UNFILLED,
        )


def _unfilled_lines(job: Job) -> list[CreditLine]:
    unfilled: dict[tuple[int, str], int] = {}
    positions = Position._base_manager.filter(
        shift__job=job,
        shift__cancelled=False,
        status__in=[Position.Status.OPEN, Position.Status.DRAFT],
    ).values_list("shift__index", "role")
    for shift_index, role in positions:
        unfilled[(shift_index, role)] = unfilled.get((shift_index, role), 0) + 1
    lines = []
    for line in job.quote.get("lines", []):
        key = (line.get("shift"), line.get("kind"))
        count, officers = unfilled.get(key, 0), line.get("officers") or 0
        if not count or not officers:
            continue
        whole = Parts.of(line)
        share = Parts(
            (whole.officer_pay * count / officers).quantize(CENT),
            (whole.admin_fee * count / officers).quantize(CENT),
            (whole.other * count / officers).quantize(CENT),
        )
        noun = "position" if count == 1 else "positions"
        lines.append(
            CreditLine(
                f"{count} {line.get('kind', 'officer')} {noun} never filled: "
                f"{line.get('description', '')}",
                share,
                tuple(line.get("rules", [])),
            )
        )
    return lines


# --- status --------------------------------------------------------------------------------------


def refresh_status(invoice: Invoice) -> Invoice:
    """Paid when nothing is left to pay, issued again when something is (a payment failed or was
    refunded). A credited invoice stays credited. Call it inside the transaction that moved the
    money, after writing the payment or refund."""
    with transaction.atomic():
        invoice = Invoice._base_manager.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note or invoice.status == Invoice.Status.CREDITED:
            return invoice
        status = Invoice.Status.PAID if invoice.balance_due <= ZERO else Invoice.Status.ISSUED
        if status != invoice.status:
            invoice.status = status
            invoice.save(update_fields=["status"])
    return invoice

"""Issuing invoices and credit notes (PLAT-INVOICE-1; docs/billing.md).

Each service authorizes the actor through the policy (``invoice.issue``; ``actor=None`` is the
system), then, in one transaction: locks the rows it decides on, re-checks their state, writes
the document whole (number, copied names and addresses, lines) and records an audit event. The
PDF is rendered once, after the transaction commits (``billing.pdf.store_pdf``).

- ``issue_invoice_for_job``: the job's invoice, its lines copied from the job's priced snapshot
  (``job.quote``: never re-priced), officer pay and the admin fee apart on every line
  (NOPD-RATE-1, NOPD-FEE-1); due by the card's payment terms (NOPD-PAY-1: prepayment due
  48 elapsed hours before the first shift; ``net``: N days after the job ends).
- credit notes and adjustments: ``billing.services.credits``.
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
from django.utils import timezone

from audit.log import record
from billing import numbering
from billing.inputs import ZERO, CreditLine, Parts
from billing.models import Invoice, InvoiceLine
from billing.services.invoice_emails import document_issued
from detailhire import policy
from detailhire.errors import ConflictError
from jobs.models import Job, JobChange

__all__ = [
    "CreditLine",
    "Parts",
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
    late_fee_percent: Decimal | None = None  # net terms: once overdue (billing.services.late_fees)

    @classmethod
    def of(cls, card: dict) -> PaymentTerms:
        payment = card.get("payment") or {}
        return cls(
            kind=payment.get("kind") or PREPAY,
            hours_before_start=int(payment.get("hours_before_start") or DEFAULT_PREPAY_HOURS),
            net_days=int(payment.get("net_days") or 0),
            methods=tuple(payment.get("methods") or ("card", "ach", "check")),
            rules=tuple(payment.get("rules") or ()),
            late_fee_percent=_decimal(payment.get("late_fee_percent")),
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
            late = (
                f" A late fee of {self.late_fee_percent.normalize():f}% of what is still owed is "
                "charged once the invoice is overdue."
                if self.late_fee_percent
                else ""
            )
            return (
                f"Payment due {self.net_days} days after the job ends (net {self.net_days}).{late}"
            )
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
    document_issued(invoice.pk)  # through the outbox: sent after commit, the PDF attached
    transaction.on_commit(lambda: _store_pdf(invoice.pk))
    return invoice


def _issue_due_on_receipt(
    job: Job,
    *,
    actor,
    purpose: str,
    at: datetime,
    parts: Parts,
    lines: Sequence[dict],
    terms: str,
    reason: str,
    rules: Sequence[str],
    change: JobChange | None = None,
) -> Invoice:
    """An invoice added to a job's bill (a charge for a change, hours worked beyond those
    invoiced, a late fee): due on receipt, payable as the card says, audited (inside the
    caller's transaction)."""
    invoice = _write(
        job.agency,
        job.organization,
        job=job,
        kind=Invoice.Kind.INVOICE,
        purpose=purpose,
        change=change,
        at=at,
        due_at=at,
        parts=parts,
        currency=job.quote.get("currency") or job.agency.currency,
        lines=lines,
        terms=terms,
        methods=PaymentTerms.of(job.card_snapshot).methods,
        reason=reason,
        rules=rules,
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


def _line(description: str, parts: Parts, rules: Sequence[str] = ()) -> dict:
    """A printed line of parts without hours or rates (a credit, a charge, a fee)."""
    return {
        "description": description,
        "officer_pay": parts.officer_pay,
        "admin_fee": parts.admin_fee,
        "other": parts.other,
        "amount": parts.total,
        "rules": list(rules),
    }


def _store_pdf(pk: int) -> None:
    """After commit: the document is issued whatever happens here. Its PDF is stored (one that
    fails to render now is rendered when first asked for: billing.pdf.pdf_bytes)."""
    from billing.pdf import store_pdf

    try:
        store_pdf(pk)
    except Exception:
        logger.exception("The PDF of document %s could not be rendered now.", pk)


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

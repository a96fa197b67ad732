"""Credit notes and adjustments (PLAT-INVOICE-1, NOPD-CANCEL-1; docs/billing.md): what corrects
an issued invoice, always a new document that refers to it.

- ``issue_credit_note``: a credit note for part of an invoice, never more than is left on it.
- ``credit_for_change``: bills a confirmed cancellation, reduction or schedule change (a
  ``jobs.JobChange``): what stays billed is the change's charge (plus the job's new price after a
  reduction or a schedule change); the rest is credited (police necessity credits everything).
  A change is billed once.
- ``credit_unfilled_positions``: after a job completes, the positions nobody filled are credited.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from audit.log import record
from billing.inputs import ZERO, CreditLine, Parts
from billing.models import Invoice
from billing.services.invoicing import (
    CENT,
    _issue_due_on_receipt,
    _job_invoice,
    _line,
    _write,
)
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from jobs.models import Job, JobChange, Position

__all__ = [
    "credit_for_change",
    "credit_unfilled_positions",
    "credited_parts",
    "issue_credit_note",
]

logger = logging.getLogger(__name__)

# the changes after which the job stays on at a new price (what stays billed is the new quote)
RE_PRICED = (JobChange.Kind.REDUCE, JobChange.Kind.RESCHEDULE)


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
        lines=[_line(line.description, line.parts, line.rules) for line in lines],
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
        if change.kind in RE_PRICED and not change.police_necessity:
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
    words = "Schedule changed" if change.kind == JobChange.Kind.RESCHEDULE else "Job reduced"
    return CreditLine(words, parts, tuple(change.charge.get("rules", [])))


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
            _line(
                f"{change.get_kind_display()} job: charge",
                parts,
                change.charge.get("rules", []),
            )
        ]
    return _issue_due_on_receipt(
        job,
        actor=actor,
        purpose=Invoice.Purpose.CHANGE,
        change=change,
        at=at,
        parts=parts,
        lines=lines,
        terms="Payment is due on receipt.",
        reason=change.reason,
        rules=sorted({"PLAT-INVOICE-1", *change.charge.get("rules", [])}),
    )


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

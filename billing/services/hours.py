"""Hours worked, approved by a coordinator and reconciled (PLAT-ATTEND-1; docs/billing.md).

After a job completes, a coordinator of its agency reviews each officer's check-in and check-out
(correcting one with a reason: ``officers.services.attendance.correct_hours``) and approves the
hours once: ``approve_hours``. Approval reconciles the bill with what was worked:

- per assignment held to the end, billed hours are recomputed from the approved elapsed hours
  with the minimum hours and billing blocks of the job's priced card snapshot (never today's
  card: ``agencies.pricing.engine.billed_hours``); an officer who never checked in bills nothing;
- the difference with the hours the job was invoiced for (each position's scheduled shift,
  billed the same way) is priced at the rates the shift's lines of that role were billed at
  (officer pay and admin fee apart, NOPD-FEE-1);
- more worked: an adjustment invoice due on receipt; less: a credit note on the job's invoice;
  nothing when they agree. Positions never filled were credited at completion
  (``credit_unfilled_positions``) and are not counted again.

Approving twice is refused (the job records ``hours_approved_at`` / ``hours_approved_by``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from agencies.pricing import card as c
from agencies.pricing import codec
from agencies.pricing.engine import billed_hours
from audit.log import record
from billing.inputs import ZERO, CreditLine, Parts
from billing.models import Invoice
from billing.services.credits import _credit_note, credited_parts
from billing.services.invoicing import CENT, _issue_due_on_receipt, _job_invoice, _line
from detailhire import policy
from detailhire.errors import ConflictError
from jobs.models import Job, Position
from officers.models import Assignment
from officers.states import HOLDING_STATES

__all__ = ["HourRow", "approve_hours", "hour_rows"]

HOUR_KINDS = ("officer", "supervisor", "minimum", "overtime")


@dataclass(frozen=True)
class HourRow:
    """One officer's hours on one shift, as the coordinator reviews them."""

    assignment: Assignment
    shift_index: int
    role: str
    scheduled_hours: Decimal  # the shift's elapsed hours
    worked_hours: Decimal | None  # elapsed between check-in and check-out (None: still open)
    billed_before: Decimal  # billed hours the invoice counted
    billed_now: Decimal | None  # billed hours from the worked hours

    @property
    def ready(self) -> bool:
        return self.worked_hours is not None


def hour_rows(job: Job) -> list[HourRow]:
    """Every assignment held to the end on the job's live shifts, with its hours."""
    card = codec.from_data(c.RateCard, job.card_snapshot)
    scheduled = {s["index"]: Decimal(s["elapsed_hours"]) for s in job.quote.get("shifts", [])}
    rows = []
    assignments = (
        Assignment._base_manager.filter(
            position__shift__job_id=job.pk,
            position__shift__cancelled=False,
            position__status=Position.Status.FILLED,
            state__in=HOLDING_STATES,
        )
        .select_related("officer__user", "position__shift")
        .order_by("position__shift__index", "position__index", "pk")
    )
    for assignment in assignments:
        shift = assignment.position.shift
        planned = scheduled.get(shift.index) or _hours(shift.starts_at, shift.ends_at)
        if assignment.checked_in_at is None:
            worked = Decimal("0.00")  # never came: nothing billed
        elif assignment.checked_out_at is None:
            worked = None
        else:
            worked = _hours(assignment.checked_in_at, assignment.checked_out_at)
        rows.append(
            HourRow(
                assignment=assignment,
                shift_index=shift.index,
                role=assignment.position.role,
                scheduled_hours=planned,
                worked_hours=worked,
                billed_before=billed_hours(card, job.job_type, planned),
                billed_now=(
                    None
                    if worked is None
                    else ZERO
                    if worked == ZERO
                    else billed_hours(card, job.job_type, worked)
                ),
            )
        )
    return rows


def _hours(start: datetime, end: datetime) -> Decimal:
    seconds = Decimal(int((end - start).total_seconds()))
    return (seconds / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)


def approve_hours(job: Job, *, actor, at: datetime | None = None) -> Invoice | None:
    """PLAT-ATTEND-1: approve the completed job's hours and reconcile the bill once. Returns the
    adjustment invoice or credit note issued (None when the hours agree with the bill)."""
    policy.require(actor, "hours.approve", job)
    at = at or timezone.now()
    with transaction.atomic():
        job = (
            Job._base_manager.select_for_update(of=("self",))
            .select_related("agency", "organization")
            .get(pk=job.pk)
        )
        if job.status != Job.Status.COMPLETED:
            raise ConflictError("Hours are approved once the job is complete.")
        if job.hours_approved_at is not None:
            raise ConflictError("These hours are approved already.")
        rows = hour_rows(job)
        open_rows = [row for row in rows if not row.ready]
        if open_rows:
            names = ", ".join(row.assignment.officer.user.display_name for row in open_rows)
            raise ConflictError(f"Checked in but not out: {names}. Correct the hours first.")
        document = _reconcile(job, rows, actor=actor, at=at)
        job.hours_approved_at = at
        job.hours_approved_by = actor
        job.save(update_fields=["hours_approved_at", "hours_approved_by", "updated_at"])
        record(
            job,
            actor=actor,
            event="job.hours_approved",
            agency=job.agency,
            job=job,
            data={
                "hours": sum((row.worked_hours for row in rows), ZERO),
                "number": document.number if document else "",
                "kind": document.kind if document else "",
            },
            at=at,
        )
    return document


def _rates(job: Job) -> dict[tuple[int, str], Parts]:
    """Per (shift, role): the officer pay, admin fee and other charges billed per officer-hour on
    the job's invoice (the regular lines of that role; any hour line of the shift otherwise)."""
    sums: dict[tuple[int, str], list] = {}
    for line in job.quote.get("lines", []):
        kind = line.get("kind")
        if kind not in HOUR_KINDS or not line.get("hours"):
            continue
        keys = [(line.get("shift"), "*")]
        if kind in ("officer", "supervisor"):
            keys.append((line.get("shift"), kind))
        for key in keys:
            total = sums.setdefault(key, [Parts(), ZERO])
            total[0] = total[0] + Parts.of(line)
            total[1] += Decimal(line["hours"])
    return {
        key: Parts(*(part / hours for part in (p.officer_pay, p.admin_fee, p.other)))
        for key, (p, hours) in sums.items()
        if hours
    }


def _reconcile(job: Job, rows: list[HourRow], *, actor, at) -> Invoice | None:
    rates = _rates(job)
    more: list[CreditLine] = []
    less: list[CreditLine] = []
    for row in rows:
        delta = row.billed_now - row.billed_before
        if not delta:
            continue
        rate = rates.get((row.shift_index, row.role)) or rates.get((row.shift_index, "*"))
        if rate is None:
            continue
        hours = abs(delta)
        parts = Parts(
            *(
                (part * hours).quantize(CENT)
                for part in (rate.officer_pay, rate.admin_fee, rate.other)
            )
        )
        name = row.assignment.officer.user.display_name
        words = (
            f"{name}, shift {row.shift_index + 1}: {row.worked_hours} h worked, "
            f"billed {row.billed_now} h instead of {row.billed_before} h"
        )
        (more if delta > 0 else less).append(CreditLine(words, parts, ("PLAT-ATTEND-1",)))
    net = sum((line.parts for line in more), Parts()) - sum((line.parts for line in less), Parts())
    if not net.total:
        return None
    invoice = _job_invoice(job)
    if net.total < ZERO:
        if invoice is None:
            return None
        invoice = Invoice._base_manager.select_for_update().get(pk=invoice.pk)
        left = Parts(invoice.officer_pay, invoice.admin_fee, invoice.other_charges)
        left = left - credited_parts(invoice)
        lines = less if not more else [CreditLine("Hours worked, net", Parts() - net, ())]
        if sum((line.parts for line in lines), Parts()).total > left.total:
            raise ConflictError("The hours to credit are more than is left on the invoice.")
        return _credit_note(
            invoice,
            lines,
            reason="Fewer hours worked than invoiced",
            change=None,
            at=at,
            actor=actor,
            purpose=Invoice.Purpose.HOURS,
        )
    lines = more if not less else [CreditLine("Hours worked, net", net, ())]
    return _issue_due_on_receipt(
        job,
        actor=actor,
        purpose=Invoice.Purpose.HOURS,
        at=at,
        parts=net,
        lines=[_line(line.description, line.parts, line.rules) for line in lines],
        terms="Payment is due on receipt: hours worked beyond those invoiced.",
        reason="More hours worked than invoiced",
        rules=["PLAT-ATTEND-1", "PLAT-INVOICE-1"],
    )

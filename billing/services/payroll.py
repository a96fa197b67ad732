"""Recording officer pay disbursed (NOPD-FEE-1): an agency admin says the payroll of a pay
period was paid out on a day. Once per agency and period (a unique constraint behind the check);
the total, hours and rows are the payroll as read now (``billing.payroll``); audited."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from audit.log import record
from billing import payroll
from billing.models import PayrollDisbursement
from detailhire import policy
from detailhire.errors import ConflictError, DomainError

__all__ = ["record_disbursement"]


def record_disbursement(
    agency, period: payroll.Period, *, paid_on: date, actor
) -> PayrollDisbursement:
    policy.require(actor, "payroll.view", agency)
    rows = payroll.payroll_rows(agency, period)
    if not rows:
        raise DomainError("No hours were recorded in this period: there is nothing to pay.")
    if paid_on < period.start:
        raise DomainError("Officers are paid for a period after it starts.", field="paid_on")
    try:
        with transaction.atomic():
            disbursed = PayrollDisbursement._base_manager.create(
                agency=agency,
                period_start=period.start,
                period_end=period.end,
                paid_on=paid_on,
                total=payroll.total_owed(rows),
                hours=sum((row.hours for row in rows), payroll.ZERO),
                rows=len(rows),
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            record(
                disbursed,
                actor=actor,
                event="payroll.disbursed",
                data={
                    "period_start": period.start.isoformat(),
                    "period_end": period.end.isoformat(),
                    "paid_on": paid_on.isoformat(),
                    "total": disbursed.total,
                    "currency": agency.currency,
                    "hours": disbursed.hours,
                    "rows": disbursed.rows,
                },
            )
    except IntegrityError as error:
        raise ConflictError(
            f"The payroll of {period.label} is already recorded as paid.", field="paid_on"
        ) from error
    return disbursed

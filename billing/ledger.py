"""The admin-fee ledger (NOPD-FEE-1): the admin fees are an enterprise fund apart from officer
pay, so the agency reports, month by month in its time zone, for one year:

- **billed**: officer pay and admin fee on the invoices issued, less the credit notes issued;
- **collected**: what customers paid (payments succeeded, less refunds made), each amount split
  into officer pay and admin fee in its invoice's proportions, as the receipt prints it
  (``billing.receipts.split_amount``: officer pay and other charges to the cent, the admin fee
  the rest);
- **officer pay owed**: the payroll of the details worked that month (``billing.payroll``);
- **officer pay disbursed**: the payrolls an admin recorded as paid, by the day they were paid
  (``PayrollDisbursement``);
- what is held: officer pay collected less officer pay disbursed, and officer pay owed but not
  yet disbursed.

Every figure is summed in the database (a few grouped queries per year, whatever the number of
documents). Read through the scoped managers; only agency admins see it (``payroll.view``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import NullIf, Round, TruncMonth

from billing.models import Invoice, Payment, PayrollDisbursement, Refund
from billing.payroll import Period, owed_by_assignment, worked_assignments

__all__ = ["HEADER", "Ledger", "LedgerRow", "build", "csv_rows"]

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)
HEADER = (
    "Month",
    "Officer pay billed",
    "Admin fee billed",
    "Officer pay collected",
    "Admin fee collected",
    "Officer pay owed",
    "Officer pay disbursed",
)


@dataclass
class LedgerRow:
    month: date
    officer_pay_billed: Decimal = ZERO
    admin_fee_billed: Decimal = ZERO
    officer_pay_collected: Decimal = ZERO
    admin_fee_collected: Decimal = ZERO
    officer_pay_owed: Decimal = ZERO
    officer_pay_disbursed: Decimal = ZERO

    FIGURES = (
        "officer_pay_billed",
        "admin_fee_billed",
        "officer_pay_collected",
        "admin_fee_collected",
        "officer_pay_owed",
        "officer_pay_disbursed",
    )


@dataclass
class Ledger:
    year: int
    time_zone: str
    rows: list[LedgerRow]
    total: LedgerRow = field(default_factory=lambda: LedgerRow(month=date.min))

    @property
    def officer_pay_held(self) -> Decimal:
        """Officer pay collected from customers less officer pay disbursed to officers."""
        return self.total.officer_pay_collected - self.total.officer_pay_disbursed

    @property
    def officer_pay_unpaid(self) -> Decimal:
        """Officer pay owed for the year's details not yet disbursed."""
        return self.total.officer_pay_owed - self.total.officer_pay_disbursed


def _months(queryset, at: str, zone: ZoneInfo, **sums) -> dict[date, dict]:
    grouped = (
        queryset.order_by()
        .annotate(month=TruncMonth(at, tzinfo=zone))
        .values("month")
        .annotate(**sums)
    )
    return {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row
        for row in grouped
    }


def _share(amount: str, part: str, total: str):
    """``amount`` x ``part`` / ``total``, to the cent (the receipt's split)."""
    return Round(F(amount) * F(part) / NullIf(F(total), Value(ZERO)), 2, output_field=MONEY)


def _signed(name: str):
    """A document's ``name`` (officer pay or admin fee), negative for a credit note."""
    return Case(
        When(kind=Invoice.Kind.CREDIT_NOTE, then=-F(name)), default=F(name), output_field=MONEY
    )


def build(agency, year: int) -> Ledger:
    zone = ZoneInfo(agency.time_zone)
    period = Period(date(year, 1, 1), date(year, 12, 31), agency.time_zone)
    window = {"gte": period.starts_at, "lt": period.ends_before}
    billed = _months(
        Invoice.objects.filter(
            agency=agency, issued_at__gte=window["gte"], issued_at__lt=window["lt"]
        ),
        "issued_at",
        zone,
        officer_pay_billed=Sum(_signed("officer_pay")),
        admin_fee_billed=Sum(_signed("admin_fee")),
    )
    paid = _months(
        Payment.objects.filter(
            agency=agency,
            state__in=Payment.PAID_STATES,
            succeeded_at__gte=window["gte"],
            succeeded_at__lt=window["lt"],
        ),
        "succeeded_at",
        zone,
        money=Sum("amount"),
        officer_pay=Sum(_share("amount", "invoice__officer_pay", "invoice__total")),
        other=Sum(_share("amount", "invoice__other_charges", "invoice__total")),
    )
    refunded = _months(
        Refund.objects.filter(
            agency=agency,
            state=Refund.State.SUCCEEDED,
            succeeded_at__gte=window["gte"],
            succeeded_at__lt=window["lt"],
        ),
        "succeeded_at",
        zone,
        money=Sum("amount"),
        officer_pay=Sum(
            _share("amount", "payment__invoice__officer_pay", "payment__invoice__total")
        ),
        other=Sum(_share("amount", "payment__invoice__other_charges", "payment__invoice__total")),
    )
    owed = _months(
        worked_assignments(agency, period), "starts_at", zone, owed=Sum(owed_by_assignment())
    )
    disbursed = {
        row["month"]: row["paid"]
        for row in PayrollDisbursement.objects.filter(agency=agency, paid_on__year=year)
        .order_by()
        .annotate(month=TruncMonth("paid_on"))
        .values("month")
        .annotate(paid=Sum("total"))
    }

    rows = []
    ledger = Ledger(year=year, time_zone=agency.time_zone, rows=rows)
    for number in range(1, 13):
        month = date(year, number, 1)
        row = LedgerRow(month=month)
        if found := billed.get(month):
            row.officer_pay_billed = found["officer_pay_billed"] or ZERO
            row.admin_fee_billed = found["admin_fee_billed"] or ZERO
        for sign, source in ((1, paid), (-1, refunded)):
            if found := source.get(month):
                officer_pay = found["officer_pay"] or ZERO
                admin_fee = (found["money"] or ZERO) - officer_pay - (found["other"] or ZERO)
                row.officer_pay_collected += sign * officer_pay
                row.admin_fee_collected += sign * admin_fee
        if found := owed.get(month):
            row.officer_pay_owed = found["owed"] or ZERO
        row.officer_pay_disbursed = disbursed.get(month) or ZERO
        for name in LedgerRow.FIGURES:  # SQLite's sums come back with another exponent
            setattr(row, name, getattr(row, name).quantize(CENT))
        rows.append(row)
        for name in LedgerRow.FIGURES:
            setattr(ledger.total, name, getattr(ledger.total, name) + getattr(row, name))
    return ledger


def csv_rows(ledger: Ledger) -> list[list]:
    rows = [
        [row.month.strftime("%Y-%m"), *(getattr(row, name) for name in LedgerRow.FIGURES)]
        for row in ledger.rows
    ]
    rows.append(["Total", *(getattr(ledger.total, name) for name in LedgerRow.FIGURES)])
    return rows

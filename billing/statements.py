"""The annual statement (NOPD-REC-1): every invoice and credit note an agency issued to one
customer organization in a year, with totals for the customer's books and taxes, as a PDF and as
CSV. Built on request from the documents themselves (what they printed when issued), so it
always agrees with them; a statement is not a document of its own and is not numbered."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string

from billing.models import Invoice

ZERO = Decimal("0.00")
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Statement:
    organization_name: str
    seller_name: str
    seller_phone: str
    seller_email: str
    currency: str
    year: int
    documents: list[Invoice]
    officer_pay: Decimal = ZERO
    admin_fee: Decimal = ZERO
    other: Decimal = ZERO
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    balance: Decimal = ZERO
    rows: list[dict] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return self.invoiced - self.credited

    @property
    def paid_net(self) -> Decimal:
        return self.paid - self.refunded


def build(documents) -> Statement | None:
    """The statement of ``documents`` (one organization, one agency, one year: a queryset from
    ``Invoice.objects.with_balance()``), or None when there is none."""
    documents = list(documents.order_by("sequence"))
    if not documents:
        return None
    first = documents[-1]  # the latest letterhead
    statement = Statement(
        organization_name=first.bill_to_name,
        seller_name=first.seller_name,
        seller_phone=first.seller_phone,
        seller_email=first.seller_email,
        currency=first.currency,
        year=first.year,
        documents=documents,
    )
    for doc in documents:
        sign = -1 if doc.is_credit_note else 1
        statement.officer_pay += sign * doc.officer_pay
        statement.admin_fee += sign * doc.admin_fee
        statement.other += sign * doc.other_charges
        if doc.is_credit_note:
            statement.credited += doc.total
        else:
            statement.invoiced += doc.total
            statement.paid += doc.paid
            statement.refunded += doc.refunded
            statement.balance += doc.balance_due
        statement.rows.append(
            {
                "number": doc.number,
                "kind": doc.get_kind_display(),
                "issued_at": doc.issued_at,
                "time_zone": doc.time_zone,
                "job": doc.job_title,
                "refers_to": doc.refers_to.number if doc.refers_to_id else "",
                "officer_pay": sign * doc.officer_pay,
                "admin_fee": sign * doc.admin_fee,
                "other": sign * doc.other_charges,
                "total": sign * doc.total,
                "paid": ZERO if doc.is_credit_note else doc.paid - doc.refunded,
            }
        )
    return statement


def safe_cell(value) -> str:
    """A CSV cell no spreadsheet runs as a formula: text starting with = + - @ (or a tab or
    carriage return) is quoted with a leading apostrophe; amounts are written as numbers."""
    if isinstance(value, Decimal | int):
        return str(value)
    text = str(value or "")
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Number",
            "Document",
            "Issued",
            "Job",
            "Corrects",
            "Officer pay",
            "Admin fee",
            "Other",
            "Total",
            "Paid",
        ]
    )
    for row in statement.rows:
        writer.writerow(
            [
                safe_cell(row["number"]),
                safe_cell(row["kind"]),
                row["issued_at"].astimezone(ZoneInfo(row["time_zone"])).date().isoformat(),
                safe_cell(row["job"]),
                safe_cell(row["refers_to"]),
                safe_cell(row["officer_pay"]),
                safe_cell(row["admin_fee"]),
                safe_cell(row["other"]),
                safe_cell(row["total"]),
                safe_cell(row["paid"]),
            ]
        )
    writer.writerow(
        [
            "Total",
            "",
            "",
            "",
            "",
            safe_cell(statement.officer_pay),
            safe_cell(statement.admin_fee),
            safe_cell(statement.other),
            safe_cell(statement.net),
            safe_cell(statement.paid_net),
        ]
    )
    return out.getvalue()


def to_pdf(statement: Statement) -> bytes:
    import weasyprint
    from django.conf import settings

    html = render_to_string("billing/statement_pdf.html", {"statement": statement})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

"""The annual statement (NOPD-REC-1): every invoice and credit note an agency issued to one
customer organization in a year, with totals for the customer's books and taxes, as a PDF and as
CSV. Built on request from the documents themselves (what they printed when issued), so it
always agrees with them; a statement is not a document of its own and is not numbered."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string

from agencies.logo import logo_data_uri
from billing.models import Invoice
from billing.pdf import html_to_pdf
from detailhire.csvexport import write_csv

ZERO = Decimal("0.00")


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
    def latest(self) -> Invoice:
        """The year's last document: its letterhead and bill-to head the statement."""
        return self.documents[-1]

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


HEADER = (
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
)


def csv_rows(statement: Statement) -> list[list]:
    """The statement's CSV rows (after ``HEADER``): one per document, then the totals."""
    rows = [
        [
            row["number"],
            row["kind"],
            row["issued_at"].astimezone(ZoneInfo(row["time_zone"])).date(),
            row["job"],
            row["refers_to"],
            row["officer_pay"],
            row["admin_fee"],
            row["other"],
            row["total"],
            row["paid"],
        ]
        for row in statement.rows
    ]
    rows.append(
        [
            "Total",
            "",
            "",
            "",
            "",
            statement.officer_pay,
            statement.admin_fee,
            statement.other,
            statement.net,
            statement.paid_net,
        ]
    )
    return rows


def to_csv(statement: Statement) -> str:
    """The statement as CSV, cells safe from spreadsheet formulas (``detailhire.csvexport``)."""
    return write_csv(HEADER, csv_rows(statement))


def to_pdf(statement: Statement) -> bytes:
    context = {"statement": statement, "logo": logo_data_uri(statement.latest.agency)}
    return html_to_pdf(render_to_string("billing/statement_pdf.html", context))

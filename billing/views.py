"""The "Invoices" pages: a customer's organizations' documents, a staff member's agency's, one
document with its lines and its PDF. Read-only; documents are loaded through the scoped manager
(another tenant's: 404) and ``invoice.view`` decides who may look."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.roles import roles_of
from billing import statements
from billing.filters import InvoiceFilter
from billing.models import Invoice, InvoiceLine, Payment
from billing.pdf import pdf_bytes
from billing.receipts import receipt_bytes
from detailhire import policy
from detailhire.csvexport import csv_response

PAGE_SIZE = 25


def _documents():
    return Invoice.objects.with_balance().select_related("refers_to")


def _after(cursor: str):
    """The keyset cursor ``<issued_at ISO>_<pk>`` of the last row shown, or None when it is not
    one (PLAT-LIMIT-1: a bad cursor is refused in words, not searched)."""
    stamp, _, pk = cursor.rpartition("_")
    if len(cursor) > 64 or not pk.isdigit() or not pk.isascii() or int(pk) > 2**31 - 1:
        return None
    try:
        issued_at = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return (issued_at, int(pk)) if issued_at.tzinfo else None


def _cursor(doc: Invoice) -> str:
    return f"{doc.issued_at.isoformat()}_{doc.pk}"


@policy.guard("invoice.view")
def invoice_list(request):
    """Invoices and credit notes, newest first, filtered by status, kind and year (the API's
    FilterSet), a page at a time by keyset (``?after=``: no count, no offset, constant cost)."""
    found = InvoiceFilter(request.GET, queryset=_documents())
    rows = found.qs if found.is_valid() else _documents().none()
    problem = ""
    if cursor := request.GET.get("after", ""):
        after = _after(cursor)
        if after is None:
            problem = "That page link is not valid: start again from the first page."
            rows = rows.none()
        else:
            issued_at, pk = after
            rows = rows.filter(Q(issued_at__lt=issued_at) | Q(issued_at=issued_at, pk__lt=pk))
    page = list(rows.order_by("-issued_at", "-pk")[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("after", None)
    years = Invoice.objects.order_by("-year").values_list("year", flat=True).distinct()
    available = (
        Invoice.objects.order_by("-year", "agency__name", "bill_to_name")
        .values("organization_id", "bill_to_name", "agency__slug", "agency__name", "year")
        .distinct()
    )
    return render(
        request,
        "billing/invoice_list.html",
        {
            "section": "invoices",
            "is_staff": bool(roles_of(request.user).staff_agency_ids),
            "filter": found,
            "documents": page,
            "next_cursor": _cursor(page[-1]) if more else "",
            "first_page": bool(cursor),
            "problem": problem,
            "query": query.urlencode(),
            "years": list(years),
            "statements": list(available),
            "statuses": Invoice.Status.choices,
            "kinds": Invoice.Kind.choices,
            "status": request.GET.get("status", ""),
            "kind": request.GET.get("kind", ""),
            "year": request.GET.get("year", ""),
        },
        status=400 if problem else 200,
    )


@policy.guard("invoice.view")
def invoice_detail(request, pk):
    lines = InvoiceLine._base_manager.order_by("position")
    invoice = get_object_or_404(
        _documents().prefetch_related(Prefetch("lines", queryset=lines)), pk=pk
    )
    policy.require(request.user, "invoice.view", invoice)
    credit_notes = _documents().filter(refers_to=invoice).order_by("issued_at", "pk")
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "section": "invoices",
            "is_staff": bool(roles_of(request.user).staff_agency_ids),
            "invoice": invoice,
            "lines": list(invoice.lines.all()),
            "credit_notes": list(credit_notes),
            "payments": list(
                Payment.objects.filter(invoice=invoice, state__in=Payment.PAID_STATES)
                .select_related("invoice")
                .order_by("succeeded_at", "pk")
            ),
            "balance": invoice.balance_due,
            "may_pay": (
                not invoice.is_credit_note
                and invoice.balance_due > 0
                and policy.allows(request.user, "payment.start", invoice)
            ),
            # staff move an unpaid job invoice's payment deadline (NOPD-PAY-1)
            "may_extend_deadline": (
                invoice.kind == Invoice.Kind.INVOICE
                and invoice.status == Invoice.Status.ISSUED
                and invoice.job_id is not None
                and invoice.due_at is not None
                and policy.allows(request.user, "invoice.extend_deadline", invoice)
            ),
        },
    )


@policy.guard("invoice.view")
def invoice_pdf(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk)
    policy.require(request.user, "invoice.view", invoice)
    response = HttpResponse(pdf_bytes(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@policy.guard("invoice.view")
def receipt_pdf(request, pk):
    """NOPD-REC-1: the stored receipt of a succeeded payment, to those who may see its invoice."""
    payment = get_object_or_404(
        Payment.objects.select_related("invoice").filter(state__in=Payment.PAID_STATES), pk=pk
    )
    policy.require(request.user, "invoice.view", payment.invoice)
    response = HttpResponse(receipt_bytes(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{payment.receipt_number}.pdf"'
    return response


def _statement(request, organization_pk, agency_slug, year):
    """The statement of the caller's documents for one organization, agency and year: another
    tenant's (or a year with no document) is 404."""
    documents = _documents().filter(
        organization_id=organization_pk, agency__slug=agency_slug, year=year
    )
    found = statements.build(documents)
    if found is None:
        raise Http404("No invoices for that organization, agency and year.")
    policy.require(request.user, "invoice.view", found.documents[0])
    return found


@policy.guard("invoice.view")
def statement_pdf(request, organization_pk, agency_slug, year):
    """NOPD-REC-1: the annual statement as a PDF."""
    found = _statement(request, organization_pk, agency_slug, year)
    response = HttpResponse(statements.to_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{agency_slug}-{year}.pdf"'
    return response


@policy.guard("invoice.view")
def statement_csv(request, organization_pk, agency_slug, year):
    """NOPD-REC-1: the annual statement as CSV (cells safe from spreadsheet formulas)."""
    found = _statement(request, organization_pk, agency_slug, year)
    return csv_response(
        f"statement-{agency_slug}-{year}.csv", statements.HEADER, statements.csv_rows(found)
    )

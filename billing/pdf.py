"""Billing's PDFs (WeasyPrint): invoices, credit notes and receipts are rendered once, stored,
and served from storage; the annual statement is rendered on request (it is not a document of
its own: ``billing.statements``).

A document is rendered from what it copied when it was issued (never from today's agency or
organization), after the issuing transaction commits. One whose PDF is not stored yet (the
render failed, or the process stopped in between) gets it when it is first asked for
(``pdf_bytes``, ``receipts.receipt_bytes``). A stored PDF is never rendered again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string

from agencies.logo import logo_data_uri
from billing.models import Invoice, InvoiceLine

__all__ = ["html_to_pdf", "pdf_bytes", "render_pdf", "store_once", "store_pdf", "stored_bytes"]

logger = logging.getLogger(__name__)
# WeasyPrint reports each layout step at INFO on a handler of its own: only its warnings matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE = "billing/invoice_pdf.html"
Row = TypeVar("Row", bound=models.Model)


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (static files resolved from the project folder)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def store_once(
    model: type[Row], pk: int, field: str, filename: Callable[[Row], str], render: Callable
) -> Row:
    """Render the PDF of row ``pk`` into its file field ``field`` unless one is stored already
    (the row is locked meanwhile: two callers render it once)."""
    with transaction.atomic():
        row = model._base_manager.select_for_update(of=("self",)).get(pk=pk)
        stored = getattr(row, field)
        if stored:
            return row
        stored.save(filename(row), ContentFile(render(row)), save=False)
        row.save(update_fields=[field])
    return row


def stored_bytes(row: models.Model, field: str, store: Callable[[int], models.Model]) -> bytes:
    """The stored PDF in ``row.<field>``, stored now (``store(pk)``) if it is not yet, or again if
    its file was lost (a database restored without its media, a lost volume)."""
    stored = getattr(row, field)
    if stored and not stored.storage.exists(stored.name):
        logger.warning("The PDF %s is missing: rendering it again.", stored.name)
        type(row)._base_manager.filter(pk=row.pk).update(**{field: ""})
        stored = None
    if not stored:
        row = store(row.pk)
    with getattr(row, field).open("rb") as stored:
        return stored.read()


def render_html(invoice: Invoice) -> str:
    lines = list(InvoiceLine._base_manager.filter(invoice=invoice).order_by("position"))
    return render_to_string(
        TEMPLATE,
        {
            "invoice": invoice,
            "lines": lines,
            "has_hours": any(line.hours is not None for line in lines),
            "has_other": bool(invoice.other_charges),
            "refers_to": invoice.refers_to,
            "logo": logo_data_uri(invoice.agency),
        },
    )


def render_pdf(invoice: Invoice) -> bytes:
    return html_to_pdf(render_html(invoice))


def store_pdf(pk: int) -> Invoice:
    """Render and store the PDF of document ``pk`` unless it is stored already."""
    return store_once(
        Invoice, pk, "pdf", lambda invoice: f"{invoice.number}.pdf", lambda row: render_pdf(row)
    )


def pdf_bytes(invoice: Invoice) -> bytes:
    """The stored PDF (stored now if it is not yet)."""
    return stored_bytes(invoice, "pdf", store_pdf)

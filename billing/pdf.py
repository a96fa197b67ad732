"""Invoice and credit-note PDFs (WeasyPrint): rendered once, stored, served from storage.

``store_pdf`` renders a document from what the document itself copied when it was issued (never
from today's agency or organization) and stores the file under ``MEDIA_ROOT/invoices/``. It runs
after the issuing transaction commits; a document whose PDF is not stored yet (the render failed,
or the process stopped in between) gets it when it is first asked for (``pdf_bytes``). A stored
PDF is never rendered again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from billing.models import Invoice, InvoiceLine

__all__ = ["pdf_bytes", "render_pdf", "store_pdf"]

logger = logging.getLogger(__name__)
# WeasyPrint reports each layout step at INFO on a handler of its own: only its warnings matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE = "billing/invoice_pdf.html"


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
        },
    )


def render_pdf(invoice: Invoice) -> bytes:
    import weasyprint

    base_url = str(settings.BASE_DIR)
    return weasyprint.HTML(string=render_html(invoice), base_url=base_url).write_pdf()


def store_pdf(pk: int) -> Invoice:
    """Render and store the PDF of document ``pk`` unless it is stored already."""
    with transaction.atomic():
        invoice = (
            Invoice._base_manager.select_for_update(of=("self",))
            .select_related("refers_to")
            .get(pk=pk)
        )
        if invoice.pdf:
            return invoice
        content = render_pdf(invoice)
        invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(content), save=False)
        invoice.save(update_fields=["pdf"])
    return invoice


def pdf_bytes(invoice: Invoice) -> bytes:
    """The stored PDF (stored now if it is not yet)."""
    if not invoice.pdf:
        invoice = store_pdf(invoice.pk)
    with invoice.pdf.open("rb") as stored:
        return stored.read()

"""The invoice API (docs/api.md): lists, one document, its PDF. Read-only; another tenant's
document answers 404 (the scoped manager), and ``invoice.view`` decides who may read."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.renderers import BaseRenderer

from billing.filters import InvoiceFilter
from billing.models import Invoice, InvoiceLine
from billing.pdf import pdf_bytes
from billing.serializers import InvoiceDetailSerializer, InvoiceSerializer
from detailhire import policy
from detailhire.filters import FilterBackend
from detailhire.pagination import CountFreePagination
from detailhire.renderers import JSONRenderer


def invoices():
    """The caller's documents (scoped), with their balances, in one query."""
    return Invoice.objects.with_balance().select_related("refers_to")


@extend_schema(tags=["invoices"])
class InvoiceList(generics.ListAPIView):
    """The caller's invoices and credit notes, newest first: a customer's organizations', a
    staff member's agency's. Filter by ``status``, ``kind``, ``year`` and ``job``. Paged without a
    count (``next`` says whether there is more): the list never counts an agency's history."""

    permission_classes = [policy.Can("invoice.view")]
    pagination_class = CountFreePagination
    serializer_class = InvoiceSerializer
    filter_backends = [FilterBackend]
    filterset_class = InvoiceFilter

    def get_queryset(self):
        return invoices()


@extend_schema(tags=["invoices"])
class InvoiceDetail(generics.RetrieveAPIView):
    """One invoice or credit note with its lines (officer pay and admin fee apart) and its
    balance."""

    permission_classes = [policy.Can("invoice.view")]
    serializer_class = InvoiceDetailSerializer

    def get_queryset(self):
        lines = InvoiceLine._base_manager.order_by("position")
        return invoices().prefetch_related(Prefetch("lines", queryset=lines))


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class InvoicePDF(generics.GenericAPIView):
    """The document as stored when it was issued (``application/pdf``)."""

    permission_classes = [policy.Can("invoice.view")]
    renderer_classes = [JSONRenderer, PDFRenderer]
    pagination_class = None

    def get_queryset(self):
        return Invoice.objects.all()

    def handle_exception(self, exc):
        """A refusal (401, 403, 404) is the API's JSON answer even when a PDF was asked for."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    @extend_schema(
        tags=["invoices"],
        summary="An invoice's PDF",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The PDF stored when it was issued."
            )
        },
    )
    def get(self, request, pk):
        invoice = self.get_object()
        response = HttpResponse(pdf_bytes(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
        return response

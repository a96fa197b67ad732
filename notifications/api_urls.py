"""The notifications API under /api/v1/ (included by detailhire/urls.py)."""

from django.urls import path

from notifications import api

urlpatterns = [
    path("invoices/<int:pk>/deadline/", api.InvoiceDeadline.as_view(), name="api-invoice-deadline"),
]

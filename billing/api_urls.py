"""Billing's API routes (under /api/v1/; docs/api.md)."""

from django.urls import path

from billing import api, api_hours, api_payments, webhooks

urlpatterns = [
    # invoices and credit notes (PLAT-INVOICE-1)
    path("invoices/", api.InvoiceList.as_view(), name="api-invoices"),
    path("invoices/<int:pk>/", api.InvoiceDetail.as_view(), name="api-invoice"),
    path("invoices/<int:pk>/pdf/", api.InvoicePDF.as_view(), name="api-invoice-pdf"),
    # payments (PLAT-PAYMENT-1)
    path(
        "invoices/<int:pk>/payments/",
        api_payments.InvoicePayments.as_view(),
        name="api-invoice-payments",
    ),
    path(
        "invoices/<int:pk>/payments/record/",
        api_payments.RecordPayment.as_view(),
        name="api-invoice-payment-record",
    ),
    path(
        "payments/<int:pk>/refund/", api_payments.RefundPayment.as_view(), name="api-payment-refund"
    ),
    path(
        "billing/refunds/attention/",
        api_payments.RefundsNeedingAttention.as_view(),
        name="api-refunds-attention",
    ),
    # hours worked approved and reconciled (PLAT-ATTEND-1)
    path(
        "jobs/<int:pk>/hours/approve/",
        api_hours.ApproveHours.as_view(),
        name="api-job-hours-approve",
    ),
    path("billing/stripe/webhook/", webhooks.stripe_webhook, name="api-stripe-webhook"),
]

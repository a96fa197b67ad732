"""Billing's pages."""

from django.urls import path

from billing import views, views_hours, views_pay, views_payroll, views_refunds

urlpatterns = [
    # invoices and credit notes (PLAT-INVOICE-1)
    path("invoices/", views.invoice_list, name="billing-invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="billing-invoice"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="billing-invoice-pdf"),
    # a payment's receipt (NOPD-REC-1)
    path("payments/<int:pk>/receipt/", views.receipt_pdf, name="billing-receipt"),
    # the annual statement (NOPD-REC-1)
    path(
        "invoices/statements/<int:organization_pk>/<slug:agency_slug>/<int:year>/pdf/",
        views.statement_pdf,
        name="billing-statement-pdf",
    ),
    path(
        "invoices/statements/<int:organization_pk>/<slug:agency_slug>/<int:year>/csv/",
        views.statement_csv,
        name="billing-statement-csv",
    ),
    # the pay page (PLAT-PAYMENT-1)
    path("invoices/<int:pk>/pay/", views_pay.pay, name="billing-pay"),
    path("invoices/<int:pk>/pay/record/", views_pay.record, name="billing-pay-record"),
    # officer payroll and the admin-fee ledger, for agency admins (NOPD-FEE-1)
    path("billing/<slug:agency_slug>/payroll/", views_payroll.payroll_page, name="billing-payroll"),
    path(
        "billing/<slug:agency_slug>/payroll/csv/",
        views_payroll.payroll_csv,
        name="billing-payroll-csv",
    ),
    path(
        "billing/<slug:agency_slug>/payroll/paid/",
        views_payroll.payroll_paid,
        name="billing-payroll-paid",
    ),
    path("billing/<slug:agency_slug>/ledger/", views_payroll.ledger_page, name="billing-ledger"),
    path(
        "billing/<slug:agency_slug>/ledger/csv/",
        views_payroll.ledger_csv,
        name="billing-ledger-csv",
    ),
    # hours worked reviewed, corrected and approved by a coordinator (PLAT-ATTEND-1)
    path("jobs/<int:pk>/hours/", views_hours.hours, name="billing-job-hours"),
    path(
        "jobs/<int:pk>/hours/<int:assignment_pk>/correct/",
        views_hours.correct,
        name="billing-job-hours-correct",
    ),
    path("jobs/<int:pk>/hours/approve/", views_hours.approve, name="billing-job-hours-approve"),
    # refunds the agency's staff must act on
    path("billing/refunds/", views_refunds.refunds, name="billing-refunds"),
    path("billing/refunds/<int:pk>/retry/", views_refunds.retry, name="billing-refund-retry"),
    path("billing/refunds/<int:pk>/resend/", views_refunds.resend, name="billing-refund-resend"),
    path(
        "billing/refunds/<int:pk>/check-sent/",
        views_refunds.check_sent,
        name="billing-refund-check-sent",
    ),
]

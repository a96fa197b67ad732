"""Billing's pages."""

from django.urls import path

from billing import views_pay

urlpatterns = [
    # the pay page (PLAT-PAYMENT-1)
    path("invoices/<int:pk>/pay/", views_pay.pay, name="billing-pay"),
    path("invoices/<int:pk>/pay/record/", views_pay.record, name="billing-pay-record"),
]

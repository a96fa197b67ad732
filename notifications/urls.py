"""Notification pages: /account/email/ (preferences), /unsubscribe/<token>/, /survey/<token>/,
/invoices/<pk>/deadline/ (a coordinator moves a payment deadline)."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/email/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("invoices/<int:pk>/deadline/", views.invoice_deadline, name="invoice-deadline"),
]

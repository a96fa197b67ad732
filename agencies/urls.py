from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("<slug:slug>/", views.agency_detail, name="detail"),
    path("<slug:slug>/rates/", views.agency_rates, name="rates"),
    path("<slug:slug>/quote/", views.agency_quote, name="quote"),
    path("<slug:slug>/quote/preview/", views.agency_quote_preview, name="quote-preview"),
]

from django.urls import path

from agencies import api

urlpatterns = [
    path("agencies/<slug:slug>/", api.AgencyDetail.as_view(), name="api-agency"),
    path("agencies/<slug:slug>/quotes/", api.AgencyQuote.as_view(), name="api-agency-quotes"),
]

"""The project's URL root: it wires the apps' URLs together (the one platform module that names
domain apps; the import contracts in pyproject.toml exempt it)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agencies.home import home
from detailhire import views

api_v1 = [
    path("ping/", views.ping, name="api-ping"),
    path("", include("accounts.api_urls")),
    path("", include("agencies.api_urls")),
    path("", include("jobs.api_urls")),
    path("", include("officers.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("desk.api_urls")),
    path("", include("notifications.api_urls")),
]

urlpatterns = [
    # the API first: its requests are the most frequent, and the page includes below have no
    # prefix of their own, so a request for a later pattern is matched against all of theirs
    path("api/v1/", include(api_v1)),
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("a/", include("agencies.urls")),
    path("", include("desk.urls")),  # the coordinator's desk: /staff/, /staff/log/ ...
    path("agency-admin/", include("agencies.manage_urls")),
    path("", include("officers.urls")),  # officer pages /officer/..., staff /staff/...
    path("", include("jobs.urls")),  # customer pages: /jobs/...
    path("", include("customers.urls")),  # organization pages: /org/...
    path("", include("billing.urls")),  # invoices and the pay page: /invoices/...
    path("", include("notifications.urls")),  # email preferences, unsubscribe, survey
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "detailhire.views.not_found"
handler500 = "detailhire.views.server_error"

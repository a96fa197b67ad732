"""Organization pages (customers.views): included at the site root by detailhire/urls.py."""

from django.urls import path

from customers import views

app_name = "customers"

urlpatterns = [
    path("org/", views.org_detail, name="org"),
    path("org/start/", views.org_start, name="org-start"),
    path("org/<int:pk>/join-code/", views.org_renew_code, name="org-renew-code"),
    path("org/<int:pk>/edit/", views.org_edit, name="org-edit"),
]

"""Customer pages (jobs.views): included at the site root by detailhire/urls.py."""

from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/new/", views.job_new, name="new"),
    path("jobs/new/preview/", views.job_new_preview, name="new-preview"),
    path("jobs/<int:pk>/", views.job_detail, name="detail"),
    path("jobs/<int:pk>/approve/", views.job_approve, name="approve"),
    path("jobs/<int:pk>/deny/", views.job_deny, name="deny"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="cancel"),
]

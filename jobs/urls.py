"""Customer pages (``jobs.views``): included at the site root by detailhire/urls.py."""

from django.urls import path

from jobs.views import cancel, detail, lists, request

app_name = "jobs"

urlpatterns = [
    path("jobs/", lists.job_list, name="list"),
    path("jobs/new/", request.job_new, name="new"),
    path("jobs/new/preview/", request.job_new_preview, name="new-preview"),
    path("jobs/<int:pk>/", detail.job_detail, name="detail"),
    path("jobs/<int:pk>/approve/", detail.job_approve, name="approve"),
    path("jobs/<int:pk>/deny/", detail.job_deny, name="deny"),
    path("jobs/<int:pk>/cancel/", cancel.job_cancel, name="cancel"),
]

"""The desk's staff pages under /staff/ (included at the site root by detailhire/urls.py)."""

from django.urls import path

from desk import schedule, views

app_name = "desk"

urlpatterns = [
    path("staff/", views.desk_home, name="home"),
    path("staff/log/", views.agency_log, name="log"),
    path("staff/reports/", views.reports_page, name="reports"),
    path("staff/reports/export.csv", views.report_csv, name="report-csv"),
    path("staff/jobs/<int:pk>/assign/", views.job_assign, name="job-assign"),
    path("staff/jobs/<int:pk>/schedule/", schedule.job_schedule, name="job-schedule"),
    path(
        "staff/assignments/<int:pk>/substitute/",
        views.assignment_substitute,
        name="assignment-substitute",
    ),
    path(
        "staff/assignments/<int:pk>/feedback/",
        views.assignment_feedback,
        name="assignment-feedback",
    ),
]

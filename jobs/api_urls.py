from django.urls import path

from jobs import api

urlpatterns = [
    path("jobs/", api.JobList.as_view(), name="api-jobs"),
    path("jobs/<int:pk>/", api.JobDetail.as_view(), name="api-job"),
    path("jobs/<int:pk>/approve/", api.JobApprove.as_view(), name="api-job-approve"),
    path("jobs/<int:pk>/deny/", api.JobDeny.as_view(), name="api-job-deny"),
    path("jobs/<int:pk>/cancel/", api.JobCancel.as_view(), name="api-job-cancel"),
    path("jobs/<int:pk>/reduce/", api.JobReduce.as_view(), name="api-job-reduce"),
]

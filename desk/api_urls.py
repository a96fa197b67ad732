from django.urls import path

from desk import api

urlpatterns = [
    path("desk/attention/", api.Attention.as_view(), name="api-desk-attention"),
    path("jobs/<int:pk>/schedule/", api.JobSchedule.as_view(), name="api-job-schedule"),
    path("positions/<int:pk>/assign/", api.AssignPosition.as_view(), name="api-position-assign"),
    path(
        "assignments/<int:pk>/feedback/",
        api.RecordFeedback.as_view(),
        name="api-assignment-feedback",
    ),
]

from django.urls import path

from officers import api

urlpatterns = [
    path("positions/open/", api.OpenPositions.as_view(), name="api-positions-open"),
    path("positions/<int:pk>/claim/", api.ClaimPosition.as_view(), name="api-position-claim"),
    path("assignments/", api.AssignmentList.as_view(), name="api-assignments"),
    path(
        "assignments/<int:pk>/withdraw/",
        api.WithdrawAssignment.as_view(),
        name="api-assignment-withdraw",
    ),
    path(
        "assignments/<int:pk>/substitute/",
        api.SubstituteAssignment.as_view(),
        name="api-assignment-substitute",
    ),
]

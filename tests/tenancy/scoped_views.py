"""A small URL conf for the URL-walk self-test: correct (scoped) views and deliberately leaky ones.

Included from the project's URL conf only in tests (``urls`` setting overridden)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path
from rest_framework import generics, serializers

from officers.models import Officer


class OfficerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")

    class Meta:
        model = Officer
        fields = ["id", "badge_number", "name"]


class OfficerDetail(generics.RetrieveAPIView):
    serializer_class = OfficerSerializer

    def get_queryset(self):
        return Officer.objects.select_related("user")


class OfficerList(generics.ListAPIView):
    serializer_class = OfficerSerializer

    def get_queryset(self):
        return Officer.objects.select_related("user")


class LeakyOfficerList(generics.ListAPIView):
    serializer_class = OfficerSerializer

    def get_queryset(self):
        return Officer._base_manager.select_related("user")  # wrong: crosses tenants


def officer_page(request, pk):
    officer = get_object_or_404(Officer, pk=pk)
    return JsonResponse({"badge": officer.badge_number, "name": officer.user.full_name})


def leaky_officer_page(request, pk):
    officer = get_object_or_404(Officer._base_manager, pk=pk)  # wrong: crosses tenants
    return JsonResponse({"badge": officer.badge_number, "name": officer.user.full_name})


good = [
    path("officers/<int:pk>/", officer_page, name="officer-page"),
    path("api/officers/<int:pk>/", OfficerDetail.as_view(), name="officer-api"),
    path("api/officers/", OfficerList.as_view(), name="officer-list-api"),
]
leaky = [
    path("leaky/officers/<int:pk>/", leaky_officer_page, name="leaky-officer-page"),
    path("api/leaky/officers/", LeakyOfficerList.as_view(), name="leaky-officer-list"),
]

urlpatterns = [path("tenancy-test/", include(good + leaky))]

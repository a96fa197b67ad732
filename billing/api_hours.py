"""Hours approval over the API (PLAT-ATTEND-1; docs/api.md): a coordinator approves a completed
job's hours worked; billing reconciles them (an adjustment invoice or a credit note, or none)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.services.hours import approve_hours
from detailhire import policy
from jobs.models import Job


class HoursDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class HoursApprovedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    hours_approved_at = serializers.DateTimeField()
    hours_approved_by = serializers.IntegerField()
    document = HoursDocumentSerializer(
        allow_null=True, help_text="The adjustment invoice or credit note issued, if any."
    )


class ApproveHours(APIView):
    """Coordinator: approve the hours worked on a completed job, once (PLAT-ATTEND-1)."""

    permission_classes = [policy.Can("hours.approve")]

    @extend_schema(
        summary="Approve a completed job's hours worked",
        request=None,
        responses={200: HoursApprovedSerializer},
        tags=["billing"],
    )
    def post(self, request, pk):
        job = get_object_or_404(Job.objects.select_related("agency"), pk=pk)
        document = approve_hours(job, actor=request.user)
        job.refresh_from_db(fields=["hours_approved_at", "hours_approved_by"])
        data = {
            "job": job.pk,
            "hours_approved_at": job.hours_approved_at,
            "hours_approved_by": job.hours_approved_by_id,
            "document": None
            if document is None
            else {
                "id": document.pk,
                "number": document.number,
                "kind": document.kind,
                "total": document.total,
            },
        }
        return Response(HoursApprovedSerializer(data).data)

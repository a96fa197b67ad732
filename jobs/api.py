"""Jobs API (docs/api.md): create, list, detail, approve, deny, cancel and reduce (with previews).

Thin views: read the body with a ``jobs.serializers`` input serializer (shapes, types, bounds;
the typed values of ``jobs.inputs`` come out), call a ``jobs.services`` function, answer with the
``jobs.serializers`` functions over ``jobs.read``'s querysets. Who may call is the policy's
question (``policy.Can``; the services ask again for the object). Tenancy is not handled here:
``Job.objects`` is scoped to the caller (detailhire.tenancy), so another tenant's job answers 404.
Services raise ``DomainError``s, which ``detailhire.api.exception_handler`` turns into
400/403/409 with ``{"detail", "field", "errors"}``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.pricing.wire import charge_to_data, quote_to_data
from detailhire.pagination import CountFreePagination
from detailhire.parsers import JSONParser
from detailhire.policy import Can
from detailhire.serializers import checked, validated
from jobs import read, services
from jobs.filters import JobFilter, JobFilterBackend
from jobs.models import Job
from jobs.schema import (
    ApiErrorSerializer,
    JobCancelResultSerializer,
    JobDetailSerializer,
    JobReduceResultSerializer,
    JobSummarySerializer,
)
from jobs.serializers import (
    JobApproveSerializer,
    JobCancelSerializer,
    JobDenySerializer,
    JobReduceSerializer,
    JobRequestSerializer,
    change_data,
    job_data,
)

# Documented answers (jobs.schema): the views render ``jobs.serializers`` data of these shapes.
BAD_INPUT = OpenApiResponse(ApiErrorSerializer, description="Bad input: field names what to fix.")
NOT_ALLOWED = OpenApiResponse(ApiErrorSerializer, description="Your role does not allow this.")
NOT_FOUND = OpenApiResponse(ApiErrorSerializer, description="No such job among those you can see.")
CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="The job's state does not allow it now, or the charge is not the one you saw.",
)
ERRORS = {400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND, 409: CONFLICT}

# The reader of every jobs endpoint: JSON only, a body nested too deeply is a 400.
PARSERS = [JSONParser]


def _job(pk) -> Job:
    return get_object_or_404(Job.objects.select_related("agency"), pk=pk)


def _detail(pk) -> dict:
    return job_data(read.job_queryset(detail=True).get(pk=pk), detail=True)


# --- list and create -----------------------------------------------------------------------------


class JobList(GenericAPIView):
    """``GET``: the jobs the caller may see (a customer: its organizations'; staff: the agency's),
    filtered by ``status`` (comma-separated), ``when`` (upcoming or past) and ``q`` (title,
    address, organization); each job's shifts summarized (no positions: see the job's detail).
    ``POST``: a customer requests a job (201 with the quote)."""

    parser_classes = PARSERS
    filter_backends = [JobFilterBackend]
    filterset_class = JobFilter
    pagination_class = CountFreePagination
    queryset = Job.objects.none()  # the real one is read.list_queryset() (scoped per request)

    def get_permissions(self):
        if self.request.method == "POST":
            return [Can("job.request")()]
        return [Can("job.list")()]

    def get_queryset(self):
        return read.list_queryset()

    @extend_schema(
        operation_id="jobs_list",
        summary="List jobs",
        responses={200: JobSummarySerializer(many=True), 400: BAD_INPUT, 403: NOT_ALLOWED},
        tags=["jobs"],
    )
    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([job_data(job) for job in page])

    @extend_schema(
        operation_id="jobs_create",
        summary="Request a job",
        request=JobRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Same as idempotency_key in the body.",
            )
        ],
        responses={
            201: JobDetailSerializer,
            200: OpenApiResponse(
                JobDetailSerializer,
                description="The job already created with this idempotency key.",
            ),
            400: BAD_INPUT,
            403: NOT_ALLOWED,
        },
        tags=["jobs"],
    )
    def post(self, request):
        serializer = checked(JobRequestSerializer, request.data, user=request.user)
        organization = serializer.customer_organization()
        key = request.headers.get("Idempotency-Key", "")
        pricing, details = serializer.inputs(idempotency_key=key[:200])
        job = services.request_job(
            actor=request.user, organization=organization, pricing=pricing, details=details
        )
        body = _detail(job.pk)
        replayed = getattr(job, "replayed", False)
        return Response(body, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


# --- one job -------------------------------------------------------------------------------------


class JobDetail(APIView):
    """A job: status, shifts with positions and who holds them, the quote, warnings, the
    coordinator and the agency's numbers, invoices, recorded changes and the timeline."""

    permission_classes = [Can("job.view")]

    @extend_schema(
        summary="A job",
        responses={200: JobDetailSerializer, 403: NOT_ALLOWED, 404: NOT_FOUND},
        tags=["jobs"],
    )
    def get(self, request, pk):
        job = get_object_or_404(read.job_queryset(detail=True), pk=pk)
        return Response(job_data(job, detail=True))


class JobApprove(APIView):
    """Coordinator: approve the request (optionally naming the coordinator by user id); its
    positions are posted to officers."""

    permission_classes = [Can("job.approve")]
    parser_classes = PARSERS

    @extend_schema(
        summary="Approve a job request",
        request=JobApproveSerializer,
        responses={200: JobDetailSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(pk)
        coordinator = checked(JobApproveSerializer, request.data).coordinator_user(job)
        services.approve_job(job, actor=request.user, coordinator=coordinator)
        return Response(_detail(job.pk))


class JobDeny(APIView):
    """Coordinator: deny the request with a reason the customer reads."""

    permission_classes = [Can("job.deny")]
    parser_classes = PARSERS

    @extend_schema(
        summary="Deny a job request",
        request=JobDenySerializer,
        responses={200: JobDetailSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(pk)
        data = validated(JobDenySerializer, request.data)
        services.deny_job(job, actor=request.user, reason=data.get("reason") or "")
        return Response(_detail(job.pk))


class JobCancel(APIView):
    """``{"preview": true}``: the charge, nothing changed. ``{"reason": "..."}``: cancel with the
    policy's charge; agency staff may add ``"police_necessity": true`` (no penalty, full refund,
    NOPD-CANCEL-1). ``expected_total``: the charge you saw; if it changed, 409 and nothing
    changes."""

    permission_classes = [Can("job.cancel")]
    parser_classes = PARSERS

    @extend_schema(
        summary="Cancel a job, or preview the charge",
        request=JobCancelSerializer,
        responses={200: JobCancelResultSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(pk)
        data = validated(JobCancelSerializer, request.data)
        police = data["police_necessity"]
        if data["preview"]:
            charge = services.preview_cancellation(job, actor=request.user, police_necessity=police)
            return Response({"charge": charge_to_data(charge)})
        change = services.cancel_job(
            job,
            actor=request.user,
            reason=data.get("reason") or "",
            police_necessity=police,
            expected_total=data.get("expected_total"),
        )
        return Response(
            {
                "id": job.pk,
                "status": job.status,
                "charge": change.charge,
                "refund_due": change.refund_due,
                "change": change_data(change, ZoneInfo(job.agency.time_zone)),
            }
        )


class JobReduce(APIView):
    """``{"shifts": [{"index", "officers", "ends_at"}], "reason"}``: fewer officers or earlier
    ends, re-priced on the job's card snapshot, with the charge; ``"preview": true`` shows the
    charge and the new quote and changes nothing. ``expected_total`` / ``expected_new_total``:
    the charge and new price you saw; if either changed, 409 and nothing changes."""

    permission_classes = [Can("job.reduce")]
    parser_classes = PARSERS

    @extend_schema(
        summary="Reduce a job, or preview the charge and new quote",
        request=JobReduceSerializer,
        responses={200: JobReduceResultSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = get_object_or_404(
            Job.objects.select_related("agency").prefetch_related("shifts"), pk=pk
        )
        serializer = checked(JobReduceSerializer, request.data)
        data = serializer.validated_data
        changes = serializer.changes(job)
        if data["preview"]:
            plan = services.preview_reduction(job, actor=request.user, changes=changes)
            return Response(
                {"charge": charge_to_data(plan.charge), "quote": quote_to_data(plan.quote)}
            )
        change = services.reduce_job(
            job,
            actor=request.user,
            changes=changes,
            reason=data.get("reason") or "",
            expected_total=data.get("expected_total"),
            expected_new_total=data.get("expected_new_total"),
        )
        return Response(
            {
                "id": job.pk,
                "status": job.status,
                "charge": change.charge,
                "quote": change.new_quote,
                "change": change_data(change, ZoneInfo(job.agency.time_zone)),
            }
        )

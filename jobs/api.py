"""Jobs API (docs/api.md): create, list, detail, approve, deny, cancel and reduce (with previews).

Thin views: parse the body, call a ``jobs.services`` function, render ``jobs.serializers``.
Tenancy is not handled here: ``Job.objects`` is scoped to the caller (detailhire.tenancy), so
another tenant's job answers 404; a wrong role answers 403 (accounts.permissions). Services
raise ``DomainError``s, which ``detailhire.api.exception_handler`` turns into 400/403/409 with
``{"detail", "field", "errors"}``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsAgencyStaff, IsCustomer
from accounts.roles import roles_of
from agencies.models import Agency, StaffMembership
from agencies.pricing.wire import charge_to_data, quote_to_data
from audit.models import AuditEvent
from customers.models import CustomerOrganization
from detailhire.api import bad_request
from detailhire.errors import DomainError
from jobs import services
from jobs.models import Job, JobChange, Position
from jobs.schema import (
    ApiErrorSerializer,
    JobApproveSerializer,
    JobCancelResultSerializer,
    JobCancelSerializer,
    JobDenySerializer,
    JobDetailSerializer,
    JobReduceResultSerializer,
    JobReduceSerializer,
    JobRequestSerializer,
    PaginatedJobSummaryListSerializer,
)
from jobs.serializers import HOLDING_STATES, change_data, job_data
from officers.models import Assignment

CREATE_FIELDS = frozenset(
    {
        "agency",
        "organization",
        "title",
        "address",
        "category",
        "post_orders",
        "site_contact_name",
        "site_contact_phone",
        "shifts",
        "rank",
        "tier",
        "job_type",
        "add_ons",
        "preferred_officers",
        "repeat_weeks",
        "idempotency_key",
    }
)


class BadInput(DomainError):
    """A request body that is not what the endpoint reads."""


# Documented answers (jobs.schema): the views render ``jobs.serializers`` data of these shapes.
BAD_INPUT = OpenApiResponse(ApiErrorSerializer, description="Bad input: field names what to fix.")
NOT_ALLOWED = OpenApiResponse(ApiErrorSerializer, description="Your role does not allow this.")
NOT_FOUND = OpenApiResponse(ApiErrorSerializer, description="No such job among those you can see.")
CONFLICT = OpenApiResponse(ApiErrorSerializer, description="The job's state does not allow it now.")
ERRORS = {400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND, 409: CONFLICT}


def _json(serializer) -> dict:
    """A request body documented as JSON (the only kind these endpoints are written for)."""
    return {"application/json": serializer}


def job_queryset(*, detail: bool = False):
    """Jobs the caller may see, with everything ``job_data`` reads prefetched (a constant number
    of queries whatever the number of jobs, shifts and officers)."""
    holders = Assignment.objects.filter(state__in=HOLDING_STATES).select_related("officer__user")
    positions = Position.objects.order_by("index").prefetch_related(
        Prefetch("assignments", queryset=holders)
    )
    queryset = Job.objects.select_related("agency", "organization", "coordinator").prefetch_related(
        Prefetch("coordinator__staff_memberships", queryset=StaffMembership.objects.all()),
        "preferred_officers__user",
        "shifts",
        Prefetch("shifts__positions", queryset=positions),
    )
    if detail:
        queryset = queryset.prefetch_related(
            Prefetch("audit", queryset=AuditEvent.objects.select_related("actor")),
            Prefetch("changes", queryset=JobChange.objects.all()),
        )
    return queryset


def _body(request) -> dict:
    data = request.data
    if not isinstance(data, dict):
        raise BadInput("Send a JSON object.", field="body")
    return data


def _flag(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if value in (None, ""):
        return False
    if not isinstance(value, bool):
        raise BadInput("Expected true or false.", field=name)
    return value


def _job(request, pk) -> Job:
    return get_object_or_404(Job.objects.all(), pk=pk)


def _detail(pk) -> dict:
    return job_data(job_queryset(detail=True).get(pk=pk), detail=True)


# --- list and create -----------------------------------------------------------------------------


class JobList(APIView):
    """``GET``: the jobs the caller may see (a customer: its organizations'; staff: the agency's),
    filtered by ``status`` (comma-separated), ``when`` (upcoming or past) and ``q`` (title,
    address, organization). ``POST``: a customer requests a job (201 with the quote)."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsCustomer()]
        return [(IsCustomer | IsAgencyStaff)()]

    @extend_schema(
        operation_id="jobs_list",
        summary="List jobs",
        parameters=[
            OpenApiParameter("status", str, description="e.g. requested,approved"),
            OpenApiParameter("when", str, enum=["upcoming", "past"]),
            OpenApiParameter("q", str, description="search in title, address, organization"),
            OpenApiParameter("limit", int, description="jobs per page (default 50)"),
            OpenApiParameter("offset", int, description="jobs to skip"),
        ],
        responses={
            200: PaginatedJobSummaryListSerializer,
            400: BAD_INPUT,
            403: NOT_ALLOWED,
        },
        tags=["jobs"],
    )
    def get(self, request):
        queryset = job_queryset()
        params = request.query_params
        statuses = [s for s in params.get("status", "").split(",") if s.strip()]
        if statuses:
            unknown = [s for s in statuses if s not in Job.Status.values]
            if unknown:
                return bad_request("status", f"Unknown status {unknown[0]!r}.")
            queryset = queryset.filter(status__in=statuses)
        when = params.get("when", "")
        now = timezone.now()
        if when == "upcoming":
            queryset = queryset.filter(ends_at__gte=now)
        elif when == "past":
            queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        elif when:
            return bad_request("when", "Use upcoming or past.")
        text = params.get("q", "").strip()
        if text:
            queryset = queryset.filter(
                Q(title__icontains=text)
                | Q(address__icontains=text)
                | Q(organization__name__icontains=text)
            )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response([job_data(job) for job in page])

    @extend_schema(
        summary="Request a job",
        request=_json(JobRequestSerializer),
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
        data = _body(request)
        unknown = sorted(set(data) - CREATE_FIELDS)
        if unknown:
            return bad_request(unknown[0], "Unknown field.")
        agency = _agency(data.get("agency"))
        organization = _organization(request.user, data.get("organization"))
        key = request.headers.get("Idempotency-Key") or data.get("idempotency_key") or ""
        job = services.request_job(
            actor=request.user,
            organization=organization,
            agency=agency,
            title=data.get("title"),
            category=data.get("category"),
            address=data.get("address"),
            shifts=data.get("shifts"),
            rank=data.get("rank"),
            tier=data.get("tier"),
            job_type=data.get("job_type") or "hourly",
            add_ons=data.get("add_ons") or (),
            post_orders=data.get("post_orders"),
            site_contact_name=data.get("site_contact_name"),
            site_contact_phone=data.get("site_contact_phone"),
            preferred_officer_ids=data.get("preferred_officers") or (),
            repeat_weeks=data.get("repeat_weeks") or 0,
            idempotency_key=key,
        )
        body = _detail(job.pk)
        replayed = getattr(job, "replayed", False)
        return Response(body, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


def _agency(slug) -> Agency:
    if not isinstance(slug, str) or not slug.strip():
        raise BadInput("Choose the agency (its slug, e.g. nopd).", field="agency")
    agency = Agency.objects.filter(slug=slug.strip()).first()
    if agency is None:
        raise BadInput(f"Unknown agency {slug!r}.", field="agency")
    return agency


def _organization(user, value) -> CustomerOrganization:
    ids = roles_of(user).organization_ids
    if value in (None, ""):
        if len(ids) != 1:
            raise BadInput("Choose the organization the job is for.", field="organization")
        value = ids[0]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value not in ids:
        raise BadInput("You are not a member of that organization.", field="organization")
    return CustomerOrganization.objects.get(pk=value)


# --- one job -------------------------------------------------------------------------------------


class JobDetail(APIView):
    """A job: status, shifts with positions and who holds them, the quote, warnings, the
    coordinator and the agency's numbers, invoices, recorded changes and the timeline."""

    def get_permissions(self):
        return [(IsCustomer | IsAgencyStaff)()]

    @extend_schema(
        summary="A job",
        responses={200: JobDetailSerializer, 403: NOT_ALLOWED, 404: NOT_FOUND},
        tags=["jobs"],
    )
    def get(self, request, pk):
        job = get_object_or_404(job_queryset(detail=True), pk=pk)
        return Response(job_data(job, detail=True))


class JobApprove(APIView):
    """Coordinator: approve the request (optionally naming the coordinator by user id); its
    positions are posted to officers."""

    permission_classes = [IsAgencyStaff]

    @extend_schema(
        summary="Approve a job request",
        request=_json(JobApproveSerializer),
        responses={200: JobDetailSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(request, pk)
        data = _body(request)
        coordinator = None
        if data.get("coordinator") not in (None, ""):
            coordinator = _staff_user(data["coordinator"], job)
        services.approve_job(job, actor=request.user, coordinator=coordinator)
        return Response(_detail(job.pk))


def _staff_user(value, job: Job):
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput("Give the coordinator's user id.", field="coordinator")
    user = (
        get_user_model()
        .objects.filter(pk=value, staff_memberships__agency_id=job.agency_id)
        .first()
    )
    if user is None:
        raise BadInput("The coordinator must be on this agency's staff.", field="coordinator")
    return user


class JobDeny(APIView):
    """Coordinator: deny the request with a reason the customer reads."""

    permission_classes = [IsAgencyStaff]

    @extend_schema(
        summary="Deny a job request",
        request=_json(JobDenySerializer),
        responses={200: JobDetailSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(request, pk)
        data = _body(request)
        services.deny_job(job, actor=request.user, reason=data.get("reason"))
        return Response(_detail(job.pk))


class JobCancel(APIView):
    """``{"preview": true}``: the charge, nothing changed. ``{"reason": "..."}``: cancel with the
    policy's charge; agency staff may add ``"police_necessity": true`` (no penalty, full refund,
    NOPD-CANCEL-1)."""

    def get_permissions(self):
        return [(IsCustomer | IsAgencyStaff)()]

    @extend_schema(
        summary="Cancel a job, or preview the charge",
        request=_json(JobCancelSerializer),
        responses={200: JobCancelResultSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(request, pk)
        data = _body(request)
        police = _flag(data, "police_necessity")
        if _flag(data, "preview"):
            charge = services.preview_cancellation(job, actor=request.user, police_necessity=police)
            return Response({"charge": charge_to_data(charge)})
        change = services.cancel_job(
            job, actor=request.user, reason=data.get("reason"), police_necessity=police
        )
        tz = job.agency.time_zone
        return Response(
            {
                "id": job.pk,
                "status": job.status,
                "charge": change.charge,
                "refund_due": change.refund_due,
                "change": change_data(change, _zone(tz)),
            }
        )


class JobReduce(APIView):
    """``{"shifts": [{"index", "officers", "ends_at"}], "reason"}``: fewer officers or earlier
    ends, re-priced on the job's card snapshot, with the charge; ``"preview": true`` shows the
    charge and the new quote and changes nothing."""

    def get_permissions(self):
        return [(IsCustomer | IsAgencyStaff)()]

    @extend_schema(
        summary="Reduce a job, or preview the charge and new quote",
        request=_json(JobReduceSerializer),
        responses={200: JobReduceResultSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk):
        job = _job(request, pk)
        data = _body(request)
        shifts = data.get("shifts")
        if _flag(data, "preview"):
            plan = services.preview_reduction(job, actor=request.user, shifts=shifts)
            return Response(
                {"charge": charge_to_data(plan.charge), "quote": quote_to_data(plan.quote)}
            )
        change = services.reduce_job(
            job, actor=request.user, shifts=shifts, reason=data.get("reason")
        )
        return Response(
            {
                "id": job.pk,
                "status": job.status,
                "charge": change.charge,
                "quote": change.new_quote,
                "change": change_data(change, _zone(job.agency.time_zone)),
            }
        )


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)

"""Officer API (docs/api.md): the job board, claims, withdrawals, substitutions, the schedule.
Thin views: parse, find the object in the caller's tenant scope (another agency's is 404), call
the service, render."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsCoordinator, IsOfficer
from accounts.roles import roles_of
from agencies.models import Agency
from detailhire.api import bad_request
from detailhire.errors import DomainError
from jobs.models import Position
from officers.models import Assignment, Officer
from officers.serializers import (
    AssignmentSerializer,
    OpenPositionSerializer,
    SubstituteSerializer,
)
from officers.services.board import BoardFilters, board_page
from officers.services.claims import claim_position, withdraw
from officers.services.substitution import substitute

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
PAGING = ("limit", "offset")


class BadParameter(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _moment(value: str, field: str, time_zone: str, *, end: bool) -> datetime:
    """An ISO date or date-time; naive means agency local time; a date alone is the day's start
    (``from``) or the next day's start (``to``: the whole day is included)."""
    tz = ZoneInfo(time_zone)
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            if end:
                day += timedelta(days=1)
            return datetime.combine(day, time(0), tzinfo=tz)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadParameter(field, f"{field}: give a date (2027-03-10) or a date-time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _int(params, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name}: give a whole number.") from None
    if value < 0:
        raise BadParameter(name, f"{name}: give a number of 0 or more.")
    return min(value, maximum) if maximum else value


def board_filters(params, time_zone: str) -> BoardFilters:
    min_pay = None
    if params.get("min_pay"):
        try:
            min_pay = Decimal(params["min_pay"])
        except InvalidOperation:
            raise BadParameter("min_pay", "min_pay: give an hourly amount like 45.00.") from None
        if not min_pay.is_finite():
            raise BadParameter("min_pay", "min_pay: give an hourly amount like 45.00.")
    return BoardFilters(
        starts_from=_moment(params["from"], "from", time_zone, end=False)
        if params.get("from")
        else None,
        starts_to=_moment(params["to"], "to", time_zone, end=True) if params.get("to") else None,
        min_pay=min_pay,
        job_type=params.get("job_type") or None,
    )


def _page_url(request, offset: int, limit: int) -> str:
    params = [
        (key, value)
        for key, values in request.query_params.lists()
        if key not in PAGING
        for value in values
    ]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def page(request, queryset, render) -> Response:
    """A page without a count (a count would grow with the data): ``next`` when there is more.
    ``render(sliced_queryset)`` returns the rows."""
    return page_of(request, lambda offset, count: render(queryset[offset : offset + count]))


def page_of(request, fetch) -> Response:
    """``page`` for any source: ``fetch(offset, count)`` returns up to ``count`` rows."""
    limit = _int(request.query_params, "limit", DEFAULT_LIMIT, MAX_LIMIT) or DEFAULT_LIMIT
    offset = _int(request.query_params, "offset", 0)
    rows = fetch(offset, limit + 1)
    more = len(rows) > limit
    return Response(
        {
            "next": _page_url(request, offset + limit, limit) if more else None,
            "previous": _page_url(request, max(0, offset - limit), limit) if offset else None,
            "results": rows[:limit],
        }
    )


def serialized(serializer_class, context):
    return lambda rows: serializer_class(list(rows), many=True, context=context).data


def own_officer(request) -> Officer:
    return get_object_or_404(
        Officer.objects.select_related("agency"), pk=roles_of(request.user).officer_id
    )


class OpenPositions(APIView):
    """``GET /api/v1/positions/open/``: the job board of the calling officer."""

    permission_classes = [IsOfficer]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="Shifts starting on or after (date/time)."),
            OpenApiParameter("to", str, description="Shifts starting before (a date: incl.)."),
            OpenApiParameter("min_pay", str, description="Officer pay per hour at least."),
            OpenApiParameter("job_type", str),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=OpenPositionSerializer(many=True),
    )
    def get(self, request):
        officer = roles_of(request.user).officer_profile  # read with the token: no query
        if officer is None:
            raise Http404
        try:
            filters = board_filters(request.query_params, officer.time_zone)
            return page_of(
                request,
                lambda offset, count: board_page(
                    officer, offset=offset, limit=count, filters=filters
                ),
            )
        except BadParameter as error:
            return bad_request(error.field, error.message)


def _assignments():
    return Assignment.objects.select_related("officer__user", "position__shift__job__agency").defer(
        "position__shift__job__card_snapshot",
        "position__shift__job__request_snapshot",
        "position__shift__job__quote",
    )


def _assignment_response(assignment: Assignment, code=status.HTTP_200_OK) -> Response:
    assignment = _assignments().get(pk=assignment.pk)
    context = {"time_zone": assignment.position.shift.job.agency.time_zone}
    return Response(AssignmentSerializer(assignment, context=context).data, status=code)


class ClaimPosition(APIView):
    """``POST /api/v1/positions/{id}/claim/``: 201 with the assignment; 409 with ``detail``."""

    permission_classes = [IsOfficer]

    @extend_schema(request=None, responses={201: AssignmentSerializer})
    def post(self, request, pk: int):
        get_object_or_404(Position.objects, pk=pk)  # the caller's tenant only: else 404
        assignment = claim_position(pk, actor=request.user)
        return _assignment_response(assignment, status.HTTP_201_CREATED)


class WithdrawAssignment(APIView):
    """``POST /api/v1/assignments/{id}/withdraw/``: the holder until the cut-off; staff any time."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=AssignmentSerializer)
    def post(self, request, pk: int):
        assignment = get_object_or_404(Assignment.objects, pk=pk)
        withdraw(assignment, actor=request.user)
        return _assignment_response(assignment)


class SubstituteAssignment(APIView):
    """``POST /api/v1/assignments/{id}/substitute/`` ``{"officer": id}``: coordinators only."""

    permission_classes = [IsCoordinator]

    @extend_schema(request=SubstituteSerializer, responses={201: AssignmentSerializer})
    def post(self, request, pk: int):
        assignment = get_object_or_404(Assignment.objects, pk=pk)
        body = SubstituteSerializer(data=request.data)
        if not body.is_valid():
            return bad_request("officer", "officer: give the id of the officer to assign.")
        try:
            new = substitute(assignment, actor=request.user, officer=body.validated_data["officer"])
        except DomainError as error:
            if error.field == "officer" and error.http_status == 404:
                return bad_request("officer", "officer: no such officer in your agency.")
            raise
        return _assignment_response(new, status.HTTP_201_CREATED)


class AssignmentList(APIView):
    """``GET /api/v1/assignments/``: an officer's own schedule (``?past=1`` for past details);
    agency staff see their agency's assignments."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("past", bool),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=AssignmentSerializer(many=True),
    )
    def get(self, request):
        from django.utils import timezone

        roles = roles_of(request.user)
        queryset = _assignments()
        if roles.staff_agency_ids:
            time_zone = Agency.objects.get(pk=roles.staff_agency_ids[0]).time_zone
        elif roles.officer_id is not None:
            queryset = queryset.filter(officer_id=roles.officer_id)
            time_zone = own_officer(request).agency.time_zone
        else:
            return Response(
                {"detail": "Only officers and agency staff have assignments."},
                status=status.HTTP_403_FORBIDDEN,
            )
        now = timezone.now()
        if request.query_params.get("past") in {"1", "true", "yes"}:
            queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        else:
            queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
        try:
            return page(
                request, queryset, serialized(AssignmentSerializer, {"time_zone": time_zone})
            )
        except BadParameter as error:
            return bad_request(error.field, error.message)

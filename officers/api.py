"""Officer API (docs/api.md): the job board, claims, withdrawals, substitutions, the schedule.
Thin views: read the input once (``officers.inputs``), find the object in the caller's tenant
scope (another agency's is 404), call the service, render. Who may call each view is the
policy's answer (``officers.rules``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_of
from detailhire import policy
from detailhire.api import bad_request
from detailhire.db import longest_span
from detailhire.errors import DomainError
from jobs.models import Position
from officers.inputs import (
    DEFAULT_LIMIT,
    AssignmentQuery,
    BoardQuery,
    SubstituteBody,
    board_request,
    read,
)
from officers.models import Assignment
from officers.serializers import (
    AssignmentPage,
    AssignmentSerializer,
    OpenPositionPage,
    RefusalSerializer,
)
from officers.services.board import board_page
from officers.services.claims import claim_position, withdraw
from officers.services.substitution import substitute

PAGING = ("limit", "offset")


def _refusal(text: str) -> OpenApiResponse:
    return OpenApiResponse(RefusalSerializer, description=text)


BAD_INPUT = _refusal("Bad input: field names what to fix.")
SIGNED_OUT = _refusal("Not signed in (no or a wrong token).")
NOT_ALLOWED = _refusal("Your role does not allow this.")
NOT_FOUND = _refusal("Not found among what you can see.")
CONFLICT = _refusal("The position or assignment does not allow it now; detail says why.")
READ_ERRORS = {400: BAD_INPUT, 401: SIGNED_OUT, 403: NOT_ALLOWED}
WRITE_ERRORS = {**READ_ERRORS, 404: NOT_FOUND, 409: CONFLICT}


def _page_url(request, offset: int, limit: int) -> str:
    params = [
        (key, value)
        for key, values in request.query_params.lists()
        if key not in PAGING
        for value in values
    ]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def page_of(request, fetch, *, limit: int | None, offset: int | None) -> Response:
    """A page without a count (a count would grow with the data): ``next`` when there is more.
    ``fetch(offset, count)`` returns up to ``count`` rows."""
    limit = limit or DEFAULT_LIMIT
    offset = offset or 0
    rows = fetch(offset, limit + 1)
    more = len(rows) > limit
    return Response(
        {
            "next": _page_url(request, offset + limit, limit) if more else None,
            "previous": _page_url(request, max(0, offset - limit), limit) if offset else None,
            "results": rows[:limit],
        }
    )


class OpenPositions(APIView):
    """``GET /api/v1/positions/open/``: the job board of the calling officer."""

    permission_classes = [policy.Can("position.board")]

    @extend_schema(parameters=[BoardQuery], responses={200: OpenPositionPage, **READ_ERRORS})
    def get(self, request):
        officer = roles_of(request.user).officer_profile  # read with the token: no query
        if officer is None:
            raise Http404
        query = board_request(request.query_params, officer.time_zone)
        return page_of(
            request,
            lambda offset, count: board_page(
                officer, offset=offset, limit=count, filters=query.filters
            ),
            limit=query.limit,
            offset=query.offset,
        )


def _assignments():
    return Assignment.objects.select_related("officer__user", "position__shift__job__agency").defer(
        "position__shift__job__request_snapshot",
        "position__shift__job__quote",
    )


def _assignment_response(assignment: Assignment, code=status.HTTP_200_OK) -> Response:
    assignment = _assignments().get(pk=assignment.pk)
    return Response(AssignmentSerializer(assignment).data, status=code)


class ClaimPosition(APIView):
    """``POST /api/v1/positions/{id}/claim/``: 201 with the assignment; 409 with ``detail``."""

    permission_classes = [policy.Can("position.claim")]

    @extend_schema(request=None, responses={201: AssignmentSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        get_object_or_404(Position.objects, pk=pk)  # the caller's tenant only: else 404
        assignment = claim_position(pk, actor=request.user)
        return _assignment_response(assignment, status.HTTP_201_CREATED)


class WithdrawAssignment(APIView):
    """``POST /api/v1/assignments/{id}/withdraw/``: the holder until the cut-off; staff any time."""

    permission_classes = [policy.Can("assignment.withdraw")]

    @extend_schema(request=None, responses={200: AssignmentSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        assignment = get_object_or_404(Assignment.objects, pk=pk)
        withdraw(assignment, actor=request.user)
        return _assignment_response(assignment)


class SubstituteAssignment(APIView):
    """``POST /api/v1/assignments/{id}/substitute/`` ``{"officer": id}``: coordinators only."""

    permission_classes = [policy.Can("assignment.substitute")]

    @extend_schema(request=SubstituteBody, responses={201: AssignmentSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        assignment = get_object_or_404(Assignment.objects, pk=pk)
        body = read(SubstituteBody, request.data)
        try:
            new = substitute(assignment, actor=request.user, officer=body["officer"])
        except DomainError as error:
            if error.field == "officer" and error.http_status == 404:
                return bad_request("officer", "officer: no such officer in your agency.")
            raise
        return _assignment_response(new, status.HTTP_201_CREATED)


class AssignmentList(APIView):
    """``GET /api/v1/assignments/``: an officer's own schedule (``?past=1`` for past details);
    agency staff see their agencies' assignments (each in its agency's time zone)."""

    permission_classes = [policy.Can("assignment.list")]

    @extend_schema(parameters=[AssignmentQuery], responses={200: AssignmentPage, **READ_ERRORS})
    def get(self, request):
        query = read(AssignmentQuery, request.query_params)
        roles = roles_of(request.user)
        queryset = _assignments()
        if not roles.staff_agency_ids:
            queryset = queryset.filter(officer_id=roles.officer_id)
        now = timezone.now()
        if query["past"]:
            queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        else:
            queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
            span = longest_span(Assignment)  # a lower bound on the start: see detailhire.db
            if span is not None:
                queryset = queryset.filter(starts_at__gte=now - span)
        return page_of(
            request,
            lambda offset, count: (
                AssignmentSerializer(list(queryset[offset : offset + count]), many=True).data
            ),
            limit=query.get("limit"),
            offset=query.get("offset"),
        )

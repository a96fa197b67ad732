"""The desk's API (docs/api.md): what the dashboard's actions use. Approve, deny, cancel (also
for police necessity), reduce and substitute are the jobs and officers APIs; this adds the list
of what needs attention, assigning an officer to an open position and recording the customer's
feedback on an officer, and changing a shift's times. Thin views: read once, load in the
caller's scope (another agency's object: 404), call the service."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_of
from agencies.models import Agency
from agencies.pricing.wire import charge_to_data, localize, quote_to_data
from desk import dashboard, services
from desk.serializers import (
    AssignBody,
    AttentionSerializer,
    FeedbackBody,
    FeedbackSerializer,
    ScheduleBody,
    ScheduleResultSerializer,
)
from detailhire import policy
from detailhire.api import bad_request
from detailhire.errors import DomainError
from detailhire.serializers import validated
from jobs import services as job_services
from jobs.inputs import ShiftTimes
from jobs.models import Job, Position
from jobs.serializers import change_data
from officers.models import Assignment
from officers.serializers import AssignmentSerializer, RefusalSerializer
from officers.services.claims import assign_position

ERRORS = {
    400: OpenApiResponse(RefusalSerializer, description="Bad input: field names what to fix."),
    401: OpenApiResponse(RefusalSerializer, description="Not signed in."),
    403: OpenApiResponse(RefusalSerializer, description="Your role does not allow this."),
    404: OpenApiResponse(RefusalSerializer, description="Not found among what you can see."),
    409: OpenApiResponse(RefusalSerializer, description="Refused now; detail says why."),
}


class Attention(APIView):
    """``GET /api/v1/desk/attention/``: what needs a coordinator now, most urgent first (staff of
    several agencies name one with ``?agency=<slug>``)."""

    permission_classes = [policy.Can("desk.view")]

    @extend_schema(
        parameters=[OpenApiParameter("agency", str, description="Agency slug (staff of several).")],
        responses={200: AttentionSerializer, **ERRORS},
    )
    def get(self, request):
        ids = roles_of(request.user).staff_agency_ids
        slug = request.query_params.get("agency", "")
        if slug:
            if len(slug) > 64:
                return bad_request("agency", "agency: at most 64 characters.")
            agency = Agency.objects.filter(slug=slug, pk__in=ids).first()
            if agency is None:
                raise Http404("No such agency.")
        elif len(ids) == 1:
            agency = get_object_or_404(Agency, pk=ids[0])
        else:
            return bad_request("agency", "agency: you are staff of several agencies; name one.")
        rows = dashboard.attention(agency, timezone.now())
        body = {"agency": agency.slug, "results": rows}
        return Response(AttentionSerializer(body).data)


class AssignPosition(APIView):
    """``POST /api/v1/positions/{id}/assign/`` ``{"officer": id}``: a coordinator puts an officer
    on an open position (NOPD-SUB-1); 201 with the assignment, 409 when refused (in words)."""

    permission_classes = [policy.Can("position.assign")]

    @extend_schema(request=AssignBody, responses={201: AssignmentSerializer, **ERRORS})
    def post(self, request, pk: int):
        get_object_or_404(Position.objects, pk=pk)
        body = validated(AssignBody, request.data)
        try:
            assignment = assign_position(pk, actor=request.user, officer=body["officer"])
        except DomainError as error:
            if error.field == "officer" and error.http_status == 404:
                return bad_request("officer", "officer: no such officer in your agency.")
            raise
        row = Assignment.objects.select_related("officer__user", "position__shift__job__agency")
        return Response(
            AssignmentSerializer(row.get(pk=assignment.pk)).data, status=status.HTTP_201_CREATED
        )


class RecordFeedback(APIView):
    """``POST /api/v1/assignments/{id}/feedback/`` ``{"rating": 1-5, "comments": ""}``: the
    customer's feedback on this officer, recorded by a coordinator (NOPD-SURVEY-1)."""

    permission_classes = [policy.Can("feedback.record")]

    @extend_schema(request=FeedbackBody, responses={201: FeedbackSerializer, **ERRORS})
    def post(self, request, pk: int):
        assignment = get_object_or_404(Assignment.objects, pk=pk)
        body = validated(FeedbackBody, request.data)
        feedback = services.record_feedback(
            assignment,
            actor=request.user,
            rating=body["rating"],
            comments=body.get("comments", ""),
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class JobSchedule(APIView):
    """``POST /api/v1/jobs/{id}/schedule/`` ``{"shift": index, "starts_at", "ends_at",
    "reason"}``: agency staff move one shift to new times, re-priced on the job's card snapshot;
    hours taken away inside a cancellation window are charged like a reduction; officers who
    cannot work the new times are released and told. ``"preview": true`` answers the figures and
    changes nothing; ``expected_total`` / ``expected_new_total``: the figures you saw (409 if
    either changed)."""

    permission_classes = [policy.Can("job.reschedule")]

    @extend_schema(
        summary="Change a shift's times, or preview the new price and charge",
        request=ScheduleBody,
        responses={200: ScheduleResultSerializer, **ERRORS},
        tags=["jobs"],
    )
    def post(self, request, pk: int):
        job = get_object_or_404(Job.objects.select_related("agency"), pk=pk)
        body = validated(ScheduleBody, request.data)
        tz = ZoneInfo(job.agency.time_zone)
        change = ShiftTimes(
            body["shift"], localize(body["starts_at"], tz), localize(body["ends_at"], tz)
        )
        plan = job_services.preview_reschedule(job, actor=request.user, change=change)
        answer = {
            "charge": charge_to_data(plan.charge),
            "quote": quote_to_data(plan.quote),
            "difference": plan.difference,
            "released": [
                {
                    "assignment": a.pk,
                    "officer": a.officer_id,
                    "name": a.officer.user.display_name,
                    "why": why,
                }
                for a, why in plan.released
            ],
        }
        if not body["preview"]:
            done = job_services.reschedule_job(
                job,
                actor=request.user,
                change=change,
                reason=body.get("reason") or "",
                expected_total=body.get("expected_total"),
                expected_new_total=body.get("expected_new_total"),
            )
            answer.update(id=job.pk, status=job.status, change=change_data(done, tz))
        return Response(ScheduleResultSerializer(answer).data)

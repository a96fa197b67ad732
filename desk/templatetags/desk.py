"""The desk's part of the job page (staff only)::

    {% load desk %}
    {% staff_desk job %}

change the schedule (a link to the schedule page), assign an officer to an open position,
substitute the officer on a held one (NOPD-SUB-1), and the customer's feedback on each officer
(NOPD-SURVEY-1), read in the caller's tenant scope."""

from django import template

from desk.forms import FeedbackForm, OfficerChoiceForm
from desk.models import OfficerFeedback
from jobs.models import Position
from jobs.states import ACTIVE
from officers.models import Assignment, Officer
from officers.states import HOLDING_STATES, LIVE_STATES

register = template.Library()


def _position_rows(job) -> tuple[list, list]:
    """The job's open positions and held assignments in shift and position order: from what the
    job page prefetched (``jobs.read.job_queryset``: no query), else read here."""
    if "shifts" not in getattr(job, "_prefetched_objects_cache", {}):
        return _read_position_rows(job)
    open_positions, held = [], []
    for shift in sorted(job.shifts.all(), key=lambda s: s.index):
        for position in sorted(shift.positions.all(), key=lambda p: p.index):
            position.shift = shift
            if position.status == Position.Status.OPEN and not shift.cancelled:
                open_positions.append(position)
            for assignment in position.assignments.all():
                if assignment.state in HOLDING_STATES:
                    assignment.position = position
                    held.append(assignment)
    return open_positions, held


def _read_position_rows(job) -> tuple[list, list]:
    open_positions = list(
        Position.objects.filter(shift__job=job, shift__cancelled=False, status=Position.Status.OPEN)
        .select_related("shift")
        .order_by("shift__index", "index")
    )
    held = list(
        Assignment.objects.filter(position__shift__job=job, state__in=HOLDING_STATES)
        .select_related("officer__user", "position__shift")
        .order_by("position__shift__index", "position__index")
    )
    return open_positions, held


@register.inclusion_tag("desk/_job_staff.html", takes_context=True)
def staff_desk(context, job):
    officers = list(
        Officer.objects.filter(agency_id=job.agency_id, active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    open_positions, held = _position_rows(job)
    feedback = list(
        OfficerFeedback.objects.filter(job=job).select_related("officer__user", "recorded_by")
    )
    return {
        "job": job,
        "tz": job.agency.time_zone,
        # the agency's officers listed once, whatever the number of positions (one form whose
        # buttons carry the position or the assignment)
        "officer_form": OfficerChoiceForm(officers=officers, auto_id="desk-%s"),
        "assign_rows": open_positions,
        "substitute_rows": [a for a in held if a.state in LIVE_STATES],
        "feedback_rows": [(a, FeedbackForm(auto_id=f"feedback-{a.pk}-%s")) for a in held],
        "feedback": feedback,
        "can_feedback": job.status in ("in_progress", "completed"),
        "can_reschedule": job.status in ACTIVE,
        "csrf_token": context.get("csrf_token"),
    }

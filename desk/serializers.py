"""The desk API's bodies and answers (read once at the edge: ``detailhire.serializers``)."""

from __future__ import annotations

from rest_framework import serializers

from desk.services import COMMENTS_MAX
from detailhire.serializers import MomentField, StrictSerializer, TextField
from jobs.models import Job
from jobs.schema import CancellationChargeSerializer, JobChangeSerializer, QuoteSerializer
from jobs.serializers import FlagField, money_field, text_field

ID = {"min_value": 1, "max_value": 2**31 - 1}


class AssignBody(StrictSerializer):
    """``POST /api/v1/positions/{id}/assign/``."""

    officer = serializers.IntegerField(
        help_text="The id of the officer of your agency to put on the position.",
        error_messages={
            "required": "give the id of the officer to assign.",
            "invalid": "give the id of the officer to assign.",
        },
        **ID,
    )


class FeedbackBody(StrictSerializer):
    """``POST /api/v1/assignments/{id}/feedback/`` (NOPD-SURVEY-1)."""

    rating = serializers.IntegerField(
        min_value=1,
        max_value=5,
        help_text="The customer's rating of the officer, 1 (poor) to 5 (excellent).",
        error_messages={
            "min_value": "from 1 to 5.",
            "max_value": "from 1 to 5.",
            "invalid": "a whole number from 1 to 5.",
        },
    )
    comments = TextField(
        required=False,
        allow_blank=True,
        max_length=COMMENTS_MAX,
        help_text="The customer's comments, as they said them.",
    )


class FeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    job = serializers.IntegerField(source="job_id")
    assignment = serializers.IntegerField(source="assignment_id")
    officer = serializers.IntegerField(source="officer_id")
    rating = serializers.IntegerField()
    comments = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class AttentionRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["request", "unfilled", "no_check_in", "withdrawal", "invoice", "feedback"]
    )
    label = serializers.CharField()
    detail = serializers.CharField()
    due = serializers.DateTimeField(allow_null=True, help_text="When it is too late, if ever.")
    left = serializers.CharField(help_text='"3 h 20 min left", "25 min ago".')
    urgent = serializers.BooleanField()
    job = serializers.IntegerField(source="job_id", allow_null=True)
    url = serializers.CharField(help_text="The page where the action is taken.")
    action = serializers.CharField(help_text="What to do there.")


class AttentionSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="The agency's slug.")
    results = AttentionRowSerializer(many=True)


class ScheduleBody(StrictSerializer):
    """``POST /api/v1/jobs/{id}/schedule/``: move one shift to new times (agency staff)."""

    preview = FlagField(
        help_text="true: show the new price, the charge and who would be released; change nothing."
    )
    shift = serializers.IntegerField(
        min_value=0, max_value=32767, help_text="The shift's index (as in the job's shifts)."
    )
    starts_at = MomentField(
        help_text="The new start (ISO 8601; without an offset, the agency's local time)."
    )
    ends_at = MomentField(
        help_text="The new end, after the start (ISO 8601; without an offset, local time)."
    )
    reason = text_field("reason", help_text="Why; required to change (not to preview).")
    expected_total = money_field(
        "The charge you saw (the preview's charge total): if it is now different, nothing "
        "changes and the answer is 409 with the new charge."
    )
    expected_new_total = money_field(
        "The new price you saw (the preview's quote total): if it is now different, nothing "
        "changes and the answer is 409 with the new price."
    )


class ReleasedSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    officer = serializers.IntegerField()
    name = serializers.CharField()
    why = serializers.CharField(help_text="Why they cannot work the new times, in words.")


class ScheduleResultSerializer(serializers.Serializer):
    """A preview answers the new `quote`, the `charge`, the `difference` and who would be
    `released`; a change also `id`, `status` and the recorded `change`."""

    id = serializers.IntegerField(required=False, help_text="Only when changed.")
    status = serializers.ChoiceField(
        choices=Job.Status.choices, required=False, help_text="Only when changed."
    )
    charge = CancellationChargeSerializer(help_text="What the hours taken away cost.")
    quote = QuoteSerializer(help_text="The job's quote at the new times.")
    difference = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="What the customer pays more (positive) or is credited (negative): the new "
        "price minus the old, plus the charge.",
    )
    released = ReleasedSerializer(
        many=True, help_text="The officers who cannot work the new times (released)."
    )
    change = JobChangeSerializer(required=False, help_text="Only when changed.")

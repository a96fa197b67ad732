"""The desk API's bodies and answers (read once at the edge: ``detailhire.serializers``)."""

from __future__ import annotations

from rest_framework import serializers

from desk.services import COMMENTS_MAX
from detailhire.serializers import StrictSerializer, TextField

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

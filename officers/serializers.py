"""API shapes for the job board and assignments (docs/api.md: positions open/claim, substitute).
Times are ISO 8601 in the agency's local time with its offset; money is a 2-place string."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rest_framework import serializers

POST_ORDERS_SUMMARY = 200


class LocalDateTimeField(serializers.DateTimeField):
    """A datetime shown in the row's time zone (its serializer's ``row_time_zone``), else the one
    named by the serializer context's ``time_zone``."""

    def to_representation(self, value):
        if value is None:
            return None
        time_zone = getattr(self.parent, "row_time_zone", None) or self.context.get("time_zone")
        if time_zone:
            value = value.astimezone(ZoneInfo(time_zone))
        return value.isoformat()


def summary(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= POST_ORDERS_SUMMARY else text[: POST_ORDERS_SUMMARY - 1] + "…"


class OpenPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    job = serializers.IntegerField(source="shift.job_id")
    job_title = serializers.CharField(source="shift.job.title")
    job_type = serializers.CharField(source="shift.job.job_type")
    category = serializers.CharField(source="shift.job.category_name")
    address = serializers.CharField(source="shift.job.address")
    starts_at = LocalDateTimeField(source="shift.starts_at")
    ends_at = LocalDateTimeField(source="shift.ends_at")
    role = serializers.CharField()
    required_rank = serializers.CharField()
    required_specialty = serializers.CharField()
    officer_pay_rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    tier = serializers.CharField(source="shift.tier")  # as priced: a holiday's minimum included
    preferred_until = LocalDateTimeField(allow_null=True)
    post_orders = serializers.SerializerMethodField()

    def get_post_orders(self, position) -> str:
        return summary(position.shift.job.post_orders)


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField(source="position_id")
    job = serializers.IntegerField(source="position.shift.job_id")
    job_title = serializers.CharField(source="position.shift.job.title")
    address = serializers.CharField(source="position.shift.job.address")
    officer = serializers.IntegerField(source="officer_id")
    officer_name = serializers.CharField(source="officer.user.display_name")
    role = serializers.CharField(source="position.role")
    state = serializers.CharField()
    starts_at = LocalDateTimeField()
    ends_at = LocalDateTimeField()
    responsible = serializers.BooleanField()
    officer_pay_rate = serializers.DecimalField(
        source="position.officer_pay_rate", max_digits=12, decimal_places=2
    )
    checked_in_at = LocalDateTimeField(allow_null=True)
    checked_out_at = LocalDateTimeField(allow_null=True)

    row_time_zone = None

    def to_representation(self, instance):
        # times in the agency's own zone (the job's agency is loaded with the assignment)
        self.row_time_zone = instance.position.shift.job.agency.time_zone
        return super().to_representation(instance)


class _Page(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page; null first.")


class OpenPositionPage(_Page):
    """A page of the job board (no count: it would grow with the data)."""

    results = OpenPositionSerializer(many=True)


class AssignmentPage(_Page):
    """A page of assignments."""

    results = AssignmentSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    """A refusal of the officer API: 400 (bad input, ``field`` names it), 401 (not signed in),
    403 (the role does not allow it), 404 (not found among what the caller can see), 409 (taken,
    overlapping, over a cap, too late)."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence for a person.")
    field = serializers.CharField(required=False, help_text="The input at fault, when one is.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="The same message keyed by the field, as a list. Only when a field is named.",
    )

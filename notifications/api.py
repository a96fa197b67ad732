"""``POST /api/v1/invoices/<pk>/deadline/``: a coordinator moves an unpaid prepaid invoice's
payment deadline (NOPD-PAY-1), with the reason (audited). Body ``{"until": ISO time (without an
offset: the agency's local time), "reason": "..."}``; answers the new deadline. Another tenant's
invoice is 404; a customer is 403."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.models import Invoice
from detailhire.parsers import JSONParser
from detailhire.policy import Can
from detailhire.serializers import MomentField, StrictSerializer, TextField, validated
from jobs.schema import ApiErrorSerializer
from notifications.deadlines import REASON_LIMIT, extend_payment_deadline

ERRORS = {
    code: OpenApiResponse(ApiErrorSerializer, description=words)
    for code, words in (
        (400, "Bad input: field names what to fix."),
        (403, "Only the agency's coordinators and admins move a deadline."),
        (404, "No such invoice among those you can see."),
        (409, "The invoice is not unpaid any more."),
    )
}


class DeadlineSerializer(StrictSerializer):
    until = MomentField(help_text="The new deadline (ISO 8601; no offset: the agency's time).")
    reason = TextField(
        max_length=REASON_LIMIT,
        error_messages={
            "required": "Say why the deadline moves.",
            "blank": "Say why the deadline moves.",
            "max_length": f"The reason can be at most {REASON_LIMIT} characters.",
        },
    )


class DeadlineResultSerializer(serializers.Serializer):
    invoice = serializers.IntegerField()
    deadline = serializers.DateTimeField(help_text="The new deadline (UTC).")


class InvoiceDeadline(APIView):
    permission_classes = [Can("invoice.extend_deadline")]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Move a payment deadline",
        request=DeadlineSerializer,
        responses={200: DeadlineResultSerializer, **ERRORS},
        tags=["invoices"],
    )
    def post(self, request, pk):
        invoice = get_object_or_404(Invoice.objects.select_related("agency"), pk=pk)
        data = validated(DeadlineSerializer, request.data)
        until = data["until"]
        if until.tzinfo is None:
            until = until.replace(tzinfo=ZoneInfo(invoice.agency.time_zone))
        extension = extend_payment_deadline(
            invoice, actor=request.user, until=until, reason=data["reason"]
        )
        deadline = extension.until.astimezone(UTC).isoformat()
        return Response({"invoice": invoice.pk, "deadline": deadline})

"""The payments API the pay page uses (PLAT-PAYMENT-1; docs/api.md):

- ``POST /api/v1/invoices/{id}/payments/``: start paying the balance by card or ACH (the invoice's
  organization); answers the PaymentIntent's client secret for Stripe.js. The payment is
  fulfilled by Stripe's webhook only.
- ``POST /api/v1/invoices/{id}/payments/record/``: a coordinator records a check or bank transfer.
- ``GET /api/v1/invoices/{id}/payments/``: the invoice's payments and refunds.
- ``POST /api/v1/payments/{id}/refund/``: staff refund part or all of a payment (Stripe or check).
- ``GET /api/v1/billing/refunds/attention/``: staff: refunds to act on (failed, owed by check).

Bodies are read by the serializers below and handed to ``billing.services.payments`` as typed
values. The invoice and payment are loaded through the scoped managers: another tenant's is 404.
"""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.models import Invoice, Payment, Refund
from billing.models.payments import OFFLINE_METHODS, ONLINE_METHODS
from billing.services import payments as services
from detailhire import policy

MAX_REFERENCE = 40
MAX_REASON = 2000


class StartPaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[str(m) for m in ONLINE_METHODS], default="card")
    payment_method = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]{1,100}$",
        required=False,
        help_text="A Stripe PaymentMethod id to confirm with at once (server flow).",
    )


class RecordPaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[str(m) for m in OFFLINE_METHODS])
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("999999.99")
    )
    number = serializers.CharField(max_length=MAX_REFERENCE, help_text="Check or transfer no.")
    received_on = serializers.DateField()


class RefundSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("999999.99")
    )
    reason = serializers.CharField(max_length=MAX_REASON)
    by_check = serializers.BooleanField(default=False)
    check_number = serializers.CharField(max_length=MAX_REFERENCE, required=False, default="")


class RefundOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = [
            "id", "payment", "amount", "currency", "state", "provider", "reason",
            "police_necessity", "check_number", "failure_message", "retry_of", "created_at",
        ]  # fmt: skip


class PaymentOutSerializer(serializers.ModelSerializer):
    refunds = RefundOutSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id", "invoice", "method", "amount", "currency", "state", "provider", "check_number",
            "received_on", "failure_message", "created_at", "succeeded_at", "refunds",
        ]  # fmt: skip


class StartedSerializer(serializers.Serializer):
    payment = PaymentOutSerializer()
    client_secret = serializers.CharField()
    publishable_key = serializers.CharField()


def _invoice(request, pk) -> Invoice:
    return get_object_or_404(Invoice.objects.all(), pk=pk)


class InvoicePayments(APIView):
    @extend_schema(
        summary="An invoice's payments and refunds",
        responses={200: PaymentOutSerializer(many=True)},
        tags=["billing"],
    )
    def get(self, request, pk):
        invoice = _invoice(request, pk)
        policy.require(request.user, "invoice.view", invoice)
        payments = Payment.objects.filter(invoice=invoice).prefetch_related("refunds")
        return Response(PaymentOutSerializer(payments, many=True).data)

    @extend_schema(
        summary="Start paying an invoice by card or ACH (Stripe PaymentIntent)",
        request=StartPaymentSerializer,
        responses={201: StartedSerializer},
        tags=["billing"],
    )
    def post(self, request, pk):
        invoice = _invoice(request, pk)
        body = StartPaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        started = services.start_card_payment(
            invoice,
            actor=request.user,
            method=body.validated_data["method"],
            payment_method=body.validated_data.get("payment_method"),
        )
        data = {
            "payment": PaymentOutSerializer(started.payment).data,
            "client_secret": started.client_secret,
            "publishable_key": started.publishable_key,
        }
        return Response(data, status=status.HTTP_201_CREATED)


class RecordPayment(APIView):
    permission_classes = [policy.Can("payment.record")]

    @extend_schema(
        summary="Record a check or bank transfer received",
        request=RecordPaymentSerializer,
        responses={201: PaymentOutSerializer},
        tags=["billing"],
    )
    def post(self, request, pk):
        invoice = _invoice(request, pk)
        body = RecordPaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        payment = services.record_offline_payment(
            invoice,
            actor=request.user,
            method=values["method"],
            amount=values["amount"],
            number=values["number"],
            received_on=values["received_on"],
        )
        return Response(PaymentOutSerializer(payment).data, status=status.HTTP_201_CREATED)


class RefundPayment(APIView):
    permission_classes = [policy.Can("payment.refund")]

    @extend_schema(
        summary="Refund part or all of a payment (Stripe, or by check)",
        request=RefundSerializer,
        responses={201: RefundOutSerializer},
        tags=["billing"],
    )
    def post(self, request, pk):
        payment = get_object_or_404(Payment.objects.all(), pk=pk)
        body = RefundSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        refund = services.refund_payment(
            payment,
            actor=request.user,
            amount=values["amount"],
            reason=values["reason"],
            by_check=values["by_check"],
            check_number=values["check_number"],
        )
        return Response(RefundOutSerializer(refund).data, status=status.HTTP_201_CREATED)


class RefundsNeedingAttention(APIView):
    permission_classes = [policy.Can("payment.refund")]

    @extend_schema(
        summary="Refunds the agency's staff must act on (failed, owed by check, unanswered)",
        responses={200: RefundOutSerializer(many=True)},
        tags=["billing"],
    )
    def get(self, request):
        found = Refund.objects.filter(services.NEEDS_ATTENTION).order_by("created_at", "pk")
        return Response(RefundOutSerializer(found[:500], many=True).data)

"""The invoice API's answers (docs/api.md): money as decimal strings, times with the agency's
offset. Read-only: invoices are issued by the services, never posted."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.models import Invoice, InvoiceLine

MONEY = {"max_digits": 12, "decimal_places": 2, "read_only": True}


@extend_schema_field(OpenApiTypes.DATETIME)
class LocalTimeField(serializers.Field):
    """An instant in the document's time zone (the agency's), ISO 8601 with its offset."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value is None else value.astimezone(ZoneInfo(instance.time_zone))

    def to_representation(self, value):
        return value.isoformat()


class InvoiceLineSerializer(serializers.ModelSerializer):
    hours = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    officer_pay_rate = serializers.DecimalField(**MONEY)
    admin_fee_rate = serializers.DecimalField(**MONEY)
    officer_pay = serializers.DecimalField(**MONEY)
    admin_fee = serializers.DecimalField(**MONEY)
    other = serializers.DecimalField(**MONEY)
    amount = serializers.DecimalField(**MONEY)
    rules = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = InvoiceLine
        fields = [
            "position",
            "description",
            "hours",
            "officers",
            "officer_pay_rate",
            "admin_fee_rate",
            "officer_pay",
            "admin_fee",
            "other",
            "amount",
            "rules",
        ]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    """An invoice or credit note in a list."""

    refers_to = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    issued_at = LocalTimeField()
    due_at = LocalTimeField(allow_null=True)
    officer_pay = serializers.DecimalField(**MONEY)
    admin_fee = serializers.DecimalField(**MONEY)
    other_charges = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    balance_due = serializers.DecimalField(
        **MONEY, help_text="Total - credit notes - payments + refunds; negative: to refund."
    )
    organization = serializers.CharField(source="bill_to_name", read_only=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "job",
            "refers_to",
            "organization",
            "issued_at",
            "due_at",
            "currency",
            "officer_pay",
            "admin_fee",
            "other_charges",
            "total",
            "balance_due",
            "pdf",
        ]
        read_only_fields = fields

    def get_pdf(self, invoice) -> str:
        return reverse("api-invoice-pdf", args=[invoice.pk])


class InvoiceDetailSerializer(InvoiceSerializer):
    """One document with its lines and what it printed."""

    lines = InvoiceLineSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = [
            *InvoiceSerializer.Meta.fields,
            "seller_name",
            "bill_to_name",
            "bill_to_contact",
            "bill_to_address",
            "job_title",
            "terms",
            "payment_methods",
            "reason",
            "lines",
        ]
        read_only_fields = fields

"""Invoices and credit notes in the Django admin: to look at, never to edit (PLAT-INVOICE-1: a
document never changes once issued; a correction is a credit note issued by the services)."""

from django.contrib import admin

from billing.models import Invoice, InvoiceLine, Payment, PayrollDisbursement, Refund, StripeEvent


class ReadOnly:
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(ReadOnly, admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ["position", "description", "hours", "officer_pay", "admin_fee", "other", "amount"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "status",
        "agency",
        "bill_to_name",
        "issued_at",
        "due_at",
        "total",
    ]
    list_filter = ["kind", "status", "agency", "year"]
    search_fields = ["number", "bill_to_name"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency", "organization", "job", "change", "refers_to"]
    date_hierarchy = "issued_at"
    inlines = [InvoiceLineInline]


# Payments, refunds and Stripe events (PLAT-PAYMENT-1): their states change only through
# billing.services.payments, so the admin only shows them.


class RefundInline(ReadOnly, admin.TabularInline):
    model = Refund
    fk_name = "payment"
    extra = 0
    fields = ["amount", "state", "provider", "provider_id", "check_number", "failure_message"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "invoice", "agency", "method", "amount", "state", "provider_id"]
    list_filter = ["state", "method", "provider", "agency"]
    search_fields = ["provider_id", "check_number", "invoice__number"]
    list_select_related = ["invoice", "agency"]
    raw_id_fields = ["invoice", "agency", "organization", "created_by"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]


@admin.register(Refund)
class RefundAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "payment", "agency", "amount", "state", "failure_message"]
    list_filter = ["state", "provider", "police_necessity", "agency"]
    search_fields = ["provider_id", "check_number"]
    list_select_related = ["payment", "agency"]
    raw_id_fields = ["payment", "agency", "organization", "created_by", "retry_of"]
    date_hierarchy = "created_at"


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["received_at", "event_id", "type", "processed_at", "ignored"]
    list_filter = ["type", "ignored"]
    search_fields = ["event_id"]
    date_hierarchy = "received_at"


@admin.register(PayrollDisbursement)
class PayrollDisbursementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["period_start", "period_end", "agency", "paid_on", "total", "hours", "rows"]
    list_filter = ["agency"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency", "recorded_by"]
    date_hierarchy = "paid_on"

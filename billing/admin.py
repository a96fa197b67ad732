"""Invoices and credit notes in the Django admin: to look at, never to edit (PLAT-INVOICE-1: a
document never changes once issued; a correction is a credit note issued by the services)."""

from django.contrib import admin

from billing.models import Invoice, InvoiceLine


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

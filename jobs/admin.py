from django.contrib import admin

from jobs.models import (
    Job,
    JobChange,
    Position,
    Shift,
)

# --- jobs: to look at, not to edit. State changes go through jobs.services (each audited), so the
# admin shows jobs and their changes read-only (the audit log is the audit app's).


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShiftInline(admin.TabularInline):
    model = Shift
    fields = [
        "index",
        "starts_at",
        "ends_at",
        "officers",
        "supervisors",
        "officer_pay_rate",
        "cancelled",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChangeInline(admin.TabularInline):
    model = JobChange
    fields = [
        "kind",
        "at",
        "actor",
        "reason",
        "police_necessity",
        "charge_total",
        "refund_due",
        "billed_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "agency", "organization", "status", "starts_at", "total"]
    list_filter = ["status", "agency"]
    search_fields = ["title", "address", "organization__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["agency", "organization"]
    inlines = [ShiftInline, ChangeInline]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "shift", "role", "required_rank", "status", "officer_pay_rate"]
    list_filter = ["status", "role"]
    list_select_related = ["shift"]


@admin.register(JobChange)
class JobChangeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "job", "kind", "at", "charge_total", "refund_due", "billed_at"]
    list_filter = ["kind", "refund_due"]
    list_select_related = ["job"]

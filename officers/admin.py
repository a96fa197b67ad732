"""Admin for officers and their assignments. Assignments are read-only here: claims, withdrawals
and substitutions go through ``officers.services`` (locks, checks, audit)."""

from django.contrib import admin

from officers.models import Assignment, Officer


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ("badge_number", "user", "agency", "rank", "seniority_date", "active")
    list_filter = ("agency", "rank", "active")
    search_fields = ("badge_number", "user__email", "user__full_name")
    raw_id_fields = ("user",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("id", "officer", "position", "state", "starts_at", "ends_at", "responsible")
    list_filter = ("state", "responsible", "officer__agency")
    search_fields = ("officer__badge_number", "officer__user__email")
    date_hierarchy = "starts_at"
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

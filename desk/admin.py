"""Customer feedback on officers in the Django admin: to look at, for operators (superusers)."""

from django.contrib import admin

from desk.models import OfficerFeedback


@admin.register(OfficerFeedback)
class OfficerFeedbackAdmin(admin.ModelAdmin):
    list_display = ["recorded_at", "agency", "job", "officer", "rating", "recorded_by"]
    list_filter = ["agency", "rating"]
    list_select_related = ["agency", "job", "officer__user", "recorded_by"]
    raw_id_fields = ["assignment", "job", "agency", "officer", "recorded_by"]
    date_hierarchy = "recorded_at"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept: a correction is a new entry

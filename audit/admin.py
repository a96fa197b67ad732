"""The audit log in the Django admin: to look at, never to edit, for operators (superusers)."""

from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "agency",
        "event_type",
        "object_type",
        "object_id",
        "from_state",
        "to_state",
        "actor",
        "sentence",
    ]
    list_filter = ["event_type", "object_type", "agency"]
    search_fields = ["event_type", "object_type"]
    list_select_related = ["agency", "actor"]
    raw_id_fields = ["agency", "actor", "job"]
    date_hierarchy = "at"

    @admin.display(description="In words")
    def sentence(self, obj: AuditEvent) -> str:
        return obj.text

    def get_readonly_fields(self, request, obj=None):
        return [*(field.name for field in self.model._meta.fields), "sentence"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from officers.models import Officer


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    """Superusers see every agency's officers here (the tenancy middleware disables scopes in
    the admin site for them)."""

    list_display = ["__str__", "agency", "rank", "seniority_date", "active"]
    list_filter = ["agency", "rank", "active"]
    search_fields = ["user__email", "user__full_name", "badge_number"]
    raw_id_fields = ["user"]

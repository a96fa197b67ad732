"""The Django admin site is for operators: superusers only.

``is_staff`` alone does not open it: the admin shows every agency's data (rate cards, staff
memberships) across tenants, so a staff flag set by mistake must not let an agency user in.
Agency users never get ``is_staff`` through the product; their tools are the product's pages."""

from django.contrib import admin


class OperatorAdminSite(admin.AdminSite):
    site_header = "DetailHire operations"
    site_title = "DetailHire operations"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_superuser)

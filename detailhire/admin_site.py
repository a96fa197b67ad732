"""The Django admin site is for operators: superusers only.

``is_staff`` alone does not open it: the admin shows every agency's data (rate cards, staff
memberships) across tenants, so a staff flag set by mistake must not let an agency user in.
Agency users never get ``is_staff`` through the product; their tools are the product's pages,
and the admin's own pages (its login and index) say so and link to them."""

from django.contrib import admin

OPERATORS_ONLY = (
    "This is DetailHire's operations site, for the platform's operators only. Agency admins "
    "and coordinators: your agency's rate card, profile, staff, officers and jobs are on your "
    "own pages."
)


class OperatorAdminSite(admin.AdminSite):
    site_header = "DetailHire operations (operators only)"
    site_title = "DetailHire operations"
    index_title = "Operators' tables: every agency's data"
    login_template = "admin/operators_login.html"
    index_template = "admin/operators_index.html"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_superuser)

    def each_context(self, request):
        return {**super().each_context(request), "operators_only": OPERATORS_ONLY}

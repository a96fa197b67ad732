from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """Django's admin, for the platform's operators (superusers) only."""

    default_site = "detailhire.admin_site.OperatorAdminSite"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import schema  # noqa: F401 - registers the OpenAPI auth scheme
        from detailhire import tenancy

        tenancy.install()  # management commands run with tenant scopes disabled

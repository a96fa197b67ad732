from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from detailhire import tenancy

        tenancy.install()  # management commands run with tenant scopes disabled

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import schema, tokens  # noqa: F401 - schema registers the auth schemes
        from detailhire import tenancy

        tokens.connect()  # a password change revokes the user's API token
        tenancy.install()  # management commands run with tenant scopes disabled

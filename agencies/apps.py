from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Agencies"

    def ready(self):
        # registers the app's audit event types and its actions with the policy
        from agencies import events, rules  # noqa: F401

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Coordinator's desk"

    def ready(self):
        # registers the app's audit event types and its actions with the policy
        from desk import events, rules  # noqa: F401

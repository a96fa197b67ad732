from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "officers"
    verbose_name = "Officers"

    def ready(self):
        # registers the app's audit event types and its actions with the policy
        from officers import events, rules  # noqa: F401

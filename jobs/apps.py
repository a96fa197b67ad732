from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs"

    def ready(self):
        # registers the app's audit event types and its actions with the policy
        from jobs import events, rules  # noqa: F401

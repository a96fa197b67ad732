from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "officers"
    verbose_name = "Officers"

    def ready(self):
        from officers import rules  # noqa: F401 - registers the app's actions with the policy

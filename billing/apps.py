from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self):
        # registers the app's audit event types and its actions with the policy
        from billing import events, events_payments, rules, rules_payments  # noqa: F401

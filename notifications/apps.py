from django.apps import AppConfig
from django.db.models.signals import post_migrate


def name_the_site(sender, **kwargs):
    """The sites framework's row (allauth's emails read it) carries the site's real name and
    domain from settings, never "example.com"."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    Site.objects.update_or_create(
        pk=getattr(settings, "SITE_ID", 1),
        defaults={"domain": domain, "name": settings.SITE_NAME},
    )


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(name_the_site, sender=self)
        from notifications import events, rules  # noqa: F401 - audit event types, policy actions

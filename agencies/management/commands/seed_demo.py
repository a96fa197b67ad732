"""``manage.py seed_demo``: the demo agencies, users and customers of docs/api.md (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from agencies.demo import AGENCIES, DEMO_PASSWORD, ORGANIZATIONS, seed_demo


class Command(BaseCommand):
    help = "Create the demo agencies, their rate cards, staff, officers and customers (idempotent)."

    def handle(self, *args, **options):
        try:
            summary = seed_demo()
        except Exception as exc:  # one readable line, no traceback (house rule for commands)
            message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
            raise CommandError(f"seed_demo failed: {message}") from exc
        verdict = "Demo data ready" if summary.changed else "Demo data already in place"
        self.stdout.write(f"{verdict}: {summary.describe()}.")
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
            for seed in AGENCIES:
                domain = seed.slug + ".demo"
                self.stdout.write(
                    f"  {seed.slug}: admin@{domain}, coordinator@{domain}, "
                    f"officer1@{domain} ... officer{len(seed.officers)}@{domain}"
                )
            customers = ", ".join(f"{o.member.email} ({o.name})" for o in ORGANIZATIONS)
            self.stdout.write(f"  customers: {customers}")

"""``manage.py seed_demo``: the demo agencies, users and customers of docs/api.md, and their demo
jobs in every state (``agencies.demo_jobs``; ``--no-jobs`` leaves them out). Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from agencies.demo import AGENCIES, DEMO_PASSWORD, ORGANIZATIONS, seed_demo
from agencies.demo_jobs import seed_demo_jobs


class Command(BaseCommand):
    help = (
        "Create the demo agencies, their rate cards, staff, officers and customers, and demo jobs "
        "in every state (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="Only the agencies and people, no demo jobs (tests and benchmarks book theirs).",
        )

    def handle(self, *args, **options):
        try:
            summary = seed_demo()
            if not options.get("no_jobs"):
                seed_demo_jobs(summary)
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

"""``manage.py export_ratecard SLUG``: print the agency's rate card as a JSON document
(docs/rate-cards.md) that ``load_ratecard`` reads back to the same card."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from agencies import ratecards
from agencies.models import Agency


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Print an agency's rate card (the version in force today) as a JSON document."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the agency's slug, e.g. nopd")
        parser.add_argument("--on", help="the version in force on this date (YYYY-MM-DD)")
        parser.add_argument(
            "--card-version", dest="card_version", type=int, help="one stored version number"
        )

    def handle(self, *args, **options):
        slug = options["slug"]
        on = _date(options["on"]) if options["on"] else None
        try:
            document = ratecards.export_document(slug, on=on, version=options["card_version"])
        except Agency.DoesNotExist:
            raise CommandError(f"no agency with the slug {slug!r}") from None
        except ratecards.NoRateCard as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))

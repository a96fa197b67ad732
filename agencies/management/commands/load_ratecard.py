"""``manage.py load_ratecard FILE``: store a rate-card document (docs/rate-cards.md) as the
agency's next version, creating or updating the agency from the document's profile."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies import ratecards
from agencies.pricing.codec import CodecError
from agencies.pricing.document import DocumentError, read_document


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class Command(BaseCommand):
    help = "Load a rate card from a JSON document and store it as the agency's next version."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the rate-card JSON document")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a directory, not a rate-card file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read it ({one_line(exc)})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        try:
            profile, card = read_document(data)
            stored = ratecards.save_card(card, profile)
        except (DocumentError, CodecError) as exc:
            raise CommandError(f"{path}: {one_line(exc)}") from None
        note = "" if stored.was_created else "; already stored, nothing changed"
        self.stdout.write(
            f"Loaded {stored.agency.slug} rate card version {stored.version} "
            f"(effective {stored.effective_from:%Y-%m-%d}){note}"
        )

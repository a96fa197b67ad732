"""``manage.py quote``: one quote request (docs/api.md JSON with "agency") on stdin, the quote out.

Bad input ends with exit code 1 and one line on stderr naming the problem
("CommandError: shifts[0].ends_at: The end must be after the start."), never a traceback.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from agencies.api import quote_for, read_json_object
from agencies.pricing.types import QuoteError


class Command(BaseCommand):
    help = "Price one quote request read as JSON from stdin; print the quote as JSON."
    requires_system_checks: list = []  # keep stderr for the answer (and start fast)

    def handle(self, *args, **options):
        slug = None
        try:
            data = read_json_object(sys.stdin.buffer.read(), source="stdin")
            slug = data.get("agency")
            if not isinstance(slug, str) or not slug:
                raise QuoteError("agency", 'Name the agency, e.g. "agency": "nopd".')
            result = quote_for(slug, data)
        except QuoteError as exc:
            raise CommandError(one_line(f"{exc.field}: {exc.message}")) from None
        except Http404:
            raise CommandError(one_line(f"agency: No agency {slug!r} with a rate card.")) from None
        self.stdout.write(json.dumps(result, indent=2))


def one_line(text: str) -> str:
    return " ".join(text.split())

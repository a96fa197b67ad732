"""Export then load gives identical quotes: the stored card prices exactly like the file."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from agencies import models as m
from agencies import ratecards
from agencies.pricing.document import read_document
from agencies.pricing.engine import quote
from agencies.pricing.types import QuoteError, QuoteRequest, ShiftRequest

from .conftest import CARD_FILES

pytestmark = pytest.mark.django_db

ON = date(2027, 1, 15)


def _requests(card):
    zone = ZoneInfo(card.time_zone)
    shifts = [
        (datetime(2027, 3, 10, 18, 0, tzinfo=zone), 4, 2),  # a Wednesday evening
        (datetime(2027, 12, 24, 20, 0, tzinfo=zone), 9, 6),  # across Christmas midnight
        (datetime(2027, 11, 7, 0, 0, tzinfo=zone), 5, 1),  # the fall-back night
        (datetime(2027, 7, 3, 9, 30, tzinfo=zone), 2.5, 12),  # a Saturday, many officers
    ]
    optional = tuple(a.code for a in card.add_ons if not a.automatic)
    tiers = [t.code for t in card.tiers] or [None]
    for job_type in card.job_types:
        for tier in tiers if job_type.uses_tiers else [None]:
            for rank in [None, *(r.code for r in card.ranks[-1:])]:
                for start, hours, officers in shifts:
                    end = start + timedelta(hours=hours)
                    for notice in (timedelta(days=30), timedelta(hours=10)):
                        yield QuoteRequest(
                            requested_at=start - notice,
                            shifts=(ShiftRequest(start, end, officers),),
                            rank=rank,
                            tier=tier,
                            job_type=job_type.code,
                            add_ons=optional,
                        )


def _quotes(card):
    out = []
    for request in _requests(card):
        try:
            out.append(quote(card, request))
        except QuoteError as error:
            out.append((error.field, error.message))
    return out


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.name)
def test_export_then_load_gives_identical_quotes(path, tmp_path):
    _profile, original = read_document(json.loads(path.read_text()))
    call_command("load_ratecard", str(path), stdout=StringIO())
    stored = ratecards.current_card(original.agency, on=ON)
    expected = _quotes(original)
    assert sum(not isinstance(q, tuple) for q in expected) > 0, "some requests are priced"
    assert _quotes(stored) == expected

    exported = StringIO()
    call_command("export_ratecard", original.agency, "--on", ON.isoformat(), stdout=exported)
    m.Agency.objects.filter(slug=original.agency).delete()
    again = tmp_path / "exported.json"
    again.write_text(exported.getvalue())
    call_command("load_ratecard", str(again), stdout=StringIO())
    assert _quotes(ratecards.current_card(original.agency, on=ON)) == expected

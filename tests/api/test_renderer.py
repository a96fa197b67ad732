"""The API's JSON renderer (detailhire.renderers) writes the same bytes as DRF's own for the kinds
of values API answers hold, and falls back to DRF's where it would differ."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.functional import lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from detailhire.renderers import JSONRenderer


class Money(str):
    """A subclass of a built-in type, as some libraries return."""


@dataclass
class Point:
    x: int
    y: int


lazy_text = lazy(lambda: "Résumé ✓", str)

PAYLOADS = [
    {"pong": True},
    [],
    {"results": [{"id": 1, "total": "434.64", "tier": None, "ok": False}], "next": None},
    {"name": "Café Bistro – Rue d'Orléans ✓", "emoji": "🚓", "quote": 'say "hi"\n\t\\'},
    {"separators": "line\u2028paragraph\u2029end"},
    {"at": datetime(2027, 3, 10, 18, 0, tzinfo=ZoneInfo("America/Chicago"))},
    {"utc": datetime(2027, 3, 10, 23, 0, 0, 123456, tzinfo=UTC), "naive": datetime(2027, 3, 10)},
    {"day": date(2027, 3, 10), "clock": time(18, 30), "span": timedelta(hours=4)},
    {"amount": Decimal("434.64"), "rate": Decimal("46.33")},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
    {"lazy": lazy_text(), "money": Money("45.00")},
    {1: "one", 2: "two"},
    {"big": 2**70, "negative": -(2**63)},
    {"float": 0.1, "int": 10**15},
]


@pytest.mark.parametrize("data", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_same_bytes_as_drf(data):
    expected = DRFJSONRenderer().render(data, "application/json")
    assert JSONRenderer().render(data, "application/json") == expected


def test_what_drf_cannot_encode_fails_the_same_way():
    for renderer in (DRFJSONRenderer(), JSONRenderer()):
        with pytest.raises(TypeError):
            renderer.render({"point": Point(1, 2)}, "application/json")


def test_pretty_printing_is_drf_s():
    data = {"a": [1, 2], "b": "ü"}
    media = "application/json; indent=4"
    assert JSONRenderer().render(data, media) == DRFJSONRenderer().render(data, media)
    assert b"\n    " in JSONRenderer().render(data, media)


def test_nothing_renders_as_nothing():
    assert JSONRenderer().render(None) == b""


def test_the_api_answers_through_it(client):
    response = client.get("/api/v1/auth/me/")  # no credentials: DRF's 401/403 answer
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/json"
    assert response.content == DRFJSONRenderer().render(response.json(), "application/json")
    assert type(response.accepted_renderer) is JSONRenderer

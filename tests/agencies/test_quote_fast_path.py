"""The quote API's hot path (agencies/README.md): a POST answered outside DRF's request cycle
gives exactly what DRF's cycle gives, and the per-thread bound serializer reads every request
afresh (nothing carries over from one request to the next, or across threads)."""

import json
import threading

import pytest
import time_machine
from django.test import RequestFactory
from rest_framework.views import APIView

from agencies.api import EXAMPLE_REQUEST, AgencyQuote
from agencies.quotes import QuoteRequestSerializer
from detailhire.serializers import InputError, validated

GOOD = EXAMPLE_REQUEST  # the request docs/api.md and the schema show
SHIFT = GOOD["shifts"][0]
BODIES = [
    GOOD,
    {**GOOD, "shifts": [{**SHIFT, "officers": 0}]},
    {**GOOD, "shifts": [SHIFT, {**SHIFT, "ends_at": "yesterday"}]},
    {**GOOD, "tier": "99"},
    {**GOOD, "colour": "blue"},
    {**GOOD, "shifts": []},
    [1, 2],
    "not json {",
    "",
]


class ThroughDRF(AgencyQuote):
    dispatch = APIView.dispatch  # DRF's whole request cycle, then AgencyQuote.post


def _answer(view_class, body, slug="nopd"):
    raw = body if isinstance(body, str) else json.dumps(body)
    request = RequestFactory().post(
        f"/api/v1/agencies/{slug}/quotes/", raw, content_type="application/json"
    )
    response = view_class.as_view()(request, slug=slug)
    if hasattr(response, "render"):
        response.render()
    return response


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel("2027-02-01T09:00:00-06:00", tick=False):
        yield


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_the_fast_answer_is_drfs_answer_plat_quote_1(cards, body):
    fast, drf = _answer(AgencyQuote, body), _answer(ThroughDRF, body)
    assert fast.status_code == drf.status_code
    assert fast["Content-Type"] == drf["Content-Type"] == "application/json"
    assert fast.content == drf.content
    assert json.loads(fast.content)  # an answer, never an empty body


def test_an_unknown_agency_is_a_404_either_way(cards):
    fast, drf = _answer(AgencyQuote, GOOD, "atlantis"), _answer(ThroughDRF, GOOD, "atlantis")
    assert fast.status_code == drf.status_code == 404
    assert fast.content == drf.content


def test_the_reused_serializer_reads_each_request_afresh_plat_limit_1():
    bad = {**GOOD, "shifts": [{**SHIFT, "officers": 0}]}
    with pytest.raises(InputError) as refused:
        validated(QuoteRequestSerializer, bad)
    assert refused.value.field == "shifts[0].officers"
    read = validated(QuoteRequestSerializer, GOOD)  # the earlier error does not stick
    assert read["shifts"][0]["officers"] == 2 and read["tier"] == "3"
    other = validated(QuoteRequestSerializer, {**GOOD, "tier": "4"})
    assert other["tier"] == "4" and read["tier"] == "3"  # no shared result between calls


def test_threads_read_their_own_requests():
    results: dict[int, object] = {}

    def read(k: int):
        body = {**GOOD, "shifts": [{**SHIFT, "officers": k}]}
        for _ in range(200):
            got = validated(QuoteRequestSerializer, body)["shifts"][0]["officers"]
            if got != k:
                results[k] = got
                return
        results[k] = k

    threads = [threading.Thread(target=read, args=(k,)) for k in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {k: k for k in range(1, 7)}

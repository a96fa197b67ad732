"""The API's content negotiation answers exactly as DRF's own, only without parsing when there is
nothing to choose (one renderer, an Accept header of */* or its own type, no ?format=)."""

import pytest
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from detailhire.negotiation import ContentNegotiation

ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "text/html,application/xhtml+xml,*/*;q=0.8",
    "text/csv",
]


def choose(negotiation, accept, renderers, query=""):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    request = Request(APIRequestFactory().get(f"/api/v1/ping/{query}", **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers)
    except NotAcceptable:
        return "406"
    except Http404:  # DRF's answer to a ?format= no renderer has
        return "404"
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("query", ["", "?format=json", "?format=api"])
@pytest.mark.parametrize(
    "renderers", [[JSONRenderer()], [JSONRenderer(), BrowsableAPIRenderer()]], ids=["1", "2"]
)
def test_the_same_choice_as_drf(accept, query, renderers):
    ours = choose(ContentNegotiation(), accept, renderers, query)
    assert ours == choose(DefaultContentNegotiation(), accept, renderers, query)


def test_an_unacceptable_type_is_still_406():
    assert choose(ContentNegotiation(), "text/csv", [JSONRenderer()]) == "406"

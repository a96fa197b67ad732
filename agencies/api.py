"""Public agency API: the agency, its offer and quotes (docs/api.md). Anyone quotes (ODM-QUOTE-1).

The quote endpoint reads the agency from its cached rate card only (``current_card(slug)``): a warm
quote costs no database query. It has no authentication (no session, so no CSRF check) and answers
every bad input with 400 ``{"detail", "field", "errors"}``, never 500.
"""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import presentation
from agencies.models import Agency
from agencies.pricing.types import QuoteError
from agencies.pricing.wire import quote_to_data
from agencies.quotes import QuoteRequestSerializer, QuoteSerializer, read_quote_request
from agencies.ratecards import card_for_start, load_card
from detailhire.api import error_body
from detailhire.renderers import JSONRenderer

log = logging.getLogger(__name__)


# --- answers (documentation of the shapes the views return) --------------------------------------


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TierSerializer(CodeNameSerializer):
    description = serializers.CharField()


class JobTypeSerializer(CodeNameSerializer):
    pricing = serializers.ChoiceField(choices=["hourly", "task"])
    specialty = serializers.CharField(allow_null=True)
    uses_tiers = serializers.BooleanField()
    minimum_hours = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    example = serializers.BooleanField(help_text="Rates not published by the agency: examples.")


class AddOnSerializer(CodeNameSerializer):
    kind = serializers.CharField()
    amount = serializers.CharField()
    automatic = serializers.BooleanField()
    description = serializers.CharField()
    price = serializers.CharField(help_text='In words: "$15.00 per cruiser per billed hour".')
    max_quantity = serializers.IntegerField(
        allow_null=True,
        help_text='Add-ons priced per unit: the most one request may ask for (send {"code", '
        '"quantity"}); null: the add-on takes no quantity.',
    )
    unit = serializers.CharField(help_text='One unit ("cruiser"); "" without a quantity.')


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    prohibited = serializers.BooleanField()
    reason = serializers.CharField(required=False, help_text="Only when prohibited.")
    needs_review = serializers.BooleanField()


class AgencySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    time_zone = serializers.CharField()
    currency = serializers.CharField()
    office_phone = serializers.CharField()
    after_hours_phone = serializers.CharField()
    toll_free_phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    description = serializers.CharField()
    rate_card_version = serializers.IntegerField()
    base_rank = serializers.CharField()
    default_tier = serializers.CharField(allow_null=True)
    ranks = CodeNameSerializer(many=True)
    tiers = TierSerializer(many=True)
    job_types = JobTypeSerializer(many=True)
    add_ons = AddOnSerializer(many=True)
    categories = CategorySerializer(many=True)
    minimum_hours = serializers.CharField()
    max_shift_hours = serializers.CharField(allow_null=True, help_text="null: no maximum.")
    admin_fee = serializers.CharField(help_text="The admin fee in words.")
    notice = serializers.ListField(child=serializers.CharField())
    payment_terms = serializers.CharField()
    cancellation = serializers.ListField(child=serializers.CharField())


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    field = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


# --- views -------------------------------------------------------------------------------------


def agency_data(agency: Agency, card) -> dict:
    return {
        "slug": agency.slug,
        "name": agency.name,
        "short_name": agency.short_name,
        "time_zone": card.time_zone,
        "currency": card.currency,
        "office_phone": agency.office_phone,
        "after_hours_phone": agency.after_hours_phone,
        "toll_free_phone": agency.toll_free_phone,
        "email": agency.email,
        "website": agency.website,
        "description": agency.description,
        "rate_card_version": card.version,
        "base_rank": card.base_rank,
        "default_tier": card.default_tier,
        "ranks": [{"code": r.code, "name": r.name} for r in card.ranks],
        "tiers": [
            {"code": t.code, "name": t.name, "description": t.description} for t in card.tiers
        ],
        "job_types": [
            {
                "code": j.code,
                "name": j.name,
                "pricing": j.pricing,
                "specialty": j.specialty,
                "uses_tiers": j.uses_tiers,
                "minimum_hours": None if j.minimum_hours is None else f"{j.minimum_hours:.2f}",
                "description": j.description,
                "example": j.example,
            }
            for j in card.job_types
        ],
        "add_ons": [
            {
                "code": a.code,
                "name": a.name,
                "kind": a.kind,
                "amount": f"{a.amount:.2f}",
                "automatic": a.automatic,
                "description": a.description,
                "price": presentation.add_on_price(a, card.currency),
                "max_quantity": a.most if a.takes_quantity else None,
                "unit": a.unit if a.takes_quantity else "",
            }
            for a in card.add_ons
        ],
        "categories": presentation.categories(card),
        "minimum_hours": f"{card.minimum_hours:.2f}",
        "max_shift_hours": (
            None if card.max_shift_hours is None else f"{card.max_shift_hours:.2f}"
        ),
        "admin_fee": presentation.fee_words(card),
        "notice": presentation.notice_words(card),
        "payment_terms": presentation.payment_words(card),
        "cancellation": presentation.cancellation_words(card),
    }


class AgencyDetail(APIView):
    """An agency's public profile and offer: what a customer needs to ask for a quote."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: AgencySerializer}, tags=["agencies"], auth=[])
    def get(self, request, slug):
        agency = get_object_or_404(Agency, slug=slug)
        return Response(agency_data(agency, load_card(agency)))


EXAMPLE_REQUEST = {
    "requested_at": "2027-02-01T09:00:00-06:00",
    "shifts": [
        {
            "starts_at": "2027-03-10T18:00:00-06:00",
            "ends_at": "2027-03-10T22:00:00-06:00",
            "officers": 2,
        }
    ],
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
}


def read_json_object(raw: bytes, source: str = "body") -> dict:
    """The request (``source``: "body" or "stdin") as a JSON object, or QuoteError naming what is
    wrong."""
    what = "The body" if source == "body" else "The input"
    if not raw.strip():
        raise QuoteError(source, f"{what} is empty: send the quote request as a JSON object.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise QuoteError(source, f"{what} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise QuoteError(source, f"{what} is not valid JSON ({exc.msg} at {where}).") from None
    except RecursionError:
        raise QuoteError(source, f"{what} is nested too deeply to be a quote request.") from None
    if not isinstance(data, dict):
        raise QuoteError(source, f"{what} must be a JSON object with the quote request.")
    return data


def quote_for(slug: str, data: dict) -> dict:
    """Quote ``data`` (a request of docs/api.md) for agency ``slug``: the quote as JSON data.
    Raises Http404 for an unknown agency and QuoteError for bad input."""
    from agencies.pricing.engine import quote

    card = load_card(slug)
    data = dict(data)
    named = data.pop("agency", slug)
    if named != slug:
        raise QuoteError("agency", f'This address quotes for {slug!r}; leave out "agency".')
    now = timezone.now()
    request = read_quote_request(card, data, now=now)
    first = min((shift.starts_at for shift in request.shifts), default=None)
    later = card_for_start(card, first)
    if later is not card:  # a version published from a later date prices these shifts
        card, request = later, read_quote_request(later, data, now=now)
    try:
        return quote_to_data(quote(card, request))
    except (OverflowError, ArithmeticError):
        # a date or a count beyond what can be computed: still the caller's input
        raise QuoteError(
            "shifts", "These shifts cannot be priced: check the dates and officers."
        ) from None


class AgencyQuote(APIView):
    """An itemized quote (PLAT-QUOTE-1). Public: no account, no CSRF token (ODM-QUOTE-1)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes: list = []  # the body is read as JSON below, whatever its content type

    def dispatch(self, request, *args, **kwargs):
        """A quote is answered outside DRF's request cycle, which adds nothing to this endpoint
        (no authentication, permission, throttle, parser or negotiation to run) and cost as much
        as the quote itself (agencies/README.md). Same bytes as ``post`` through DRF; other
        methods, and an unknown agency, take DRF's way."""
        if request.method == "POST":
            try:
                status, data = quote_answer(kwargs.get("slug", ""), request.body)
            except Http404:
                return super().dispatch(request, *args, **kwargs)
            return HttpResponse(_RENDERER.render(data), status=status, content_type=_JSON)
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        request=QuoteRequestSerializer,
        responses={200: QuoteSerializer, 400: ErrorSerializer},
        examples=[
            OpenApiExample("NOPD, two officers, Tier 3", value=EXAMPLE_REQUEST, request_only=True)
        ],
        tags=["agencies"],
        auth=[],
    )
    def post(self, request, slug):
        status, data = quote_answer(slug, request.body)
        return Response(data, status=status)


_RENDERER = JSONRenderer()
_JSON = "application/json"


def quote_answer(slug: str, body: bytes) -> tuple[int, dict]:
    """The quote API's answer to ``body``: (200, the quote) or (400, the error naming the field).
    Raises Http404 for an unknown agency."""
    try:
        return 200, quote_for(slug, read_json_object(body))
    except QuoteError as exc:
        return 400, error_body(exc.field, exc.message)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # A shape the parser did not foresee: still the caller's input, still a 400.
        log.warning("quote request not understood: %r", exc)
        return 400, error_body("body", "The quote request could not be read; see the API docs.")

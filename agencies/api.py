"""Public agency API: the agency and its offer, and quotes (API.md). Anyone can quote (ODM-QUOTE-1).

The quote endpoint reads the agency from its cached rate card only (``current_card(slug)``): a warm
quote costs no database query. It has no authentication (no session, so no CSRF check) and answers
every bad input with 400 ``{"detail", "field", "errors"}``, never 500.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import presentation
from agencies.models import Agency
from agencies.pricing.types import QuoteError, QuoteRequest, ShiftRequest
from agencies.pricing.wire import build_quote_request, check_bounds, localize, quote_to_data
from agencies.views import load_card
from detailhire.api import bad_request
from detailhire.limits import limit, limits
from detailhire.serializers import InputError, MomentField, StrictSerializer, validated

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
    max_shift_hours = serializers.CharField()
    admin_fee = serializers.CharField(help_text="The admin fee in words.")
    notice = serializers.ListField(child=serializers.CharField())
    payment_terms = serializers.CharField()
    cancellation = serializers.ListField(child=serializers.CharField())


class ShiftInSerializer(StrictSerializer):
    """One shift asked for (PLAT-LIMIT-1: officers and dates bounded)."""

    starts_at = MomentField(help_text="ISO 8601; naive means agency local time.")
    ends_at = MomentField(help_text="ISO 8601; naive means agency local time.")
    officers = serializers.IntegerField(
        min_value=1,
        help_text="Officers on the shift, at least 1 (at most the site's limit, 500 by default).",
        error_messages={
            "min_value": "At least 1 officer.",
            "invalid": "A whole number of officers, at least 1.",
            "max_string_length": "Too many officers.",
        },
    )

    def validate_officers(self, value: int) -> int:
        most = limit("officers_per_shift")
        if value > most:
            raise serializers.ValidationError(f"At most {most} officers on one shift.")
        return value


def code_field(**kwargs) -> serializers.CharField:
    """A code of the agency's card (rank, tier, job type, add-on, category): short text."""
    return serializers.CharField(
        max_length=limit("code_length"), allow_null=True, allow_blank=True, **kwargs
    )


class QuoteRequestSerializer(StrictSerializer):
    """A quote request (API.md). Codes are checked against the agency's card afterwards."""

    agency = serializers.CharField(
        required=False,
        max_length=limit("code_length"),
        help_text="Leave it out (the address names the agency); if given, the same slug.",
    )
    requested_at = MomentField(required=False, help_text="Defaults to now.")
    shifts = ShiftInSerializer(many=True, allow_empty=False, help_text="At least one.")
    rank = code_field(required=False, help_text="Defaults to the base rank.")
    tier = code_field(required=False, help_text="Only where the agency has tiers.")
    job_type = code_field(required=False, help_text='Defaults to "hourly".')
    add_ons = serializers.ListField(
        child=serializers.CharField(max_length=limit("code_length")),
        required=False,
        allow_null=True,
        help_text="Codes of optional add-ons.",
    )

    def validate_shifts(self, value: list) -> list:
        most = limit("shifts_per_request")
        if len(value) > most:
            raise serializers.ValidationError(f"At most {most} shifts in one request.")
        return value

    def validate_add_ons(self, value):
        most = limit("add_ons")
        if value and len(value) > most:
            raise serializers.ValidationError(f"At most {most} add-ons.")
        return value

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("add_ons"), str):
            data = {**data, "add_ons": [data["add_ons"]]}  # one code for a list of one
        return super().to_internal_value(data)


def read_quote_request(card, data, *, now: datetime) -> QuoteRequest:
    """The quote request ``data`` (API.md JSON, already decoded) read by
    ``QuoteRequestSerializer`` and checked against ``card`` and the site's bounds (PLAT-LIMIT-1).
    Raises ``QuoteError`` naming the field."""
    if not isinstance(data, dict):
        raise QuoteError("request", "Expected a JSON object.")
    try:
        values = validated(QuoteRequestSerializer, data)
    except InputError as exc:  # the engine's convention: "field: message" reads as one line
        message = str(exc)
        raise QuoteError(exc.field or "request", message[:1].lower() + message[1:]) from None
    agency = values.get("agency")
    if agency not in (None, "") and agency != card.agency:
        raise QuoteError("agency", f"This quote is for {card.agency!r}, not {agency!r}.")
    tz = ZoneInfo(card.time_zone)
    requested_at = values.get("requested_at")
    requested_at = localize(requested_at, tz) if requested_at else now
    shifts = tuple(
        ShiftRequest(localize(s["starts_at"], tz), localize(s["ends_at"], tz), s["officers"])
        for s in values["shifts"]
    )
    request = build_quote_request(
        card,
        requested_at=requested_at,
        shifts=shifts,
        rank=_code(values.get("rank")),
        tier=_code(values.get("tier")),
        job_type=_code(values.get("job_type")),
        add_ons=tuple(c for c in (_code(v) for v in values.get("add_ons") or ()) if c),
    )
    check_bounds(request, limits(), now=now)
    return request


def _code(value) -> str | None:
    return (value or "").strip() or None


class QuoteLineSerializer(serializers.Serializer):
    description = serializers.CharField(help_text="The line in plain words.")
    rate_name = serializers.CharField()
    kind = serializers.CharField(help_text="officer, supervisor, minimum, overtime, add_on, fee")
    shift = serializers.IntegerField(allow_null=True, help_text="Index of the shift.")
    hours = serializers.CharField(help_text="Billed officer-hours on this line.")
    hours_per_officer = serializers.CharField()
    officers = serializers.IntegerField()
    rank = serializers.CharField(allow_null=True)
    tier = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    officer_pay_rate = serializers.CharField()
    admin_fee_rate = serializers.CharField()
    officer_pay = serializers.CharField()
    admin_fee = serializers.CharField()
    other = serializers.CharField()
    amount = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField(), help_text="Rule IDs.")


class ShiftSummarySerializer(serializers.Serializer):
    index = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    officers = serializers.IntegerField()
    supervisors = serializers.IntegerField()
    supervisor_rank = serializers.CharField(allow_null=True)
    elapsed_hours = serializers.CharField()
    billed_hours = serializers.CharField()
    officer_pay_rate = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    currency = serializers.CharField()
    total = serializers.CharField()
    officer_pay = serializers.CharField()
    admin_fee = serializers.CharField()
    other_charges = serializers.CharField()
    billed_officer_hours = serializers.CharField()
    supervisors_required = serializers.IntegerField()
    requires_approval = serializers.BooleanField()
    responsible = serializers.CharField(help_text="Who is in charge on site, in words.")
    lines = QuoteLineSerializer(many=True)
    shifts = ShiftSummarySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    card_version = serializers.IntegerField()


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
            }
            for a in card.add_ons
        ],
        "categories": presentation.categories(card),
        "minimum_hours": f"{card.minimum_hours:.2f}",
        "max_shift_hours": f"{card.max_shift_hours:.2f}",
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
    """Quote ``data`` (an API.md request) for agency ``slug``: the API.md quote as JSON data.
    Raises Http404 for an unknown agency and QuoteError for bad input."""
    from agencies.pricing.engine import quote

    card = load_card(slug)
    data = dict(data)
    named = data.pop("agency", slug)
    if named != slug:
        raise QuoteError("agency", f'This address quotes for {slug!r}; leave out "agency".')
    request = read_quote_request(card, data, now=timezone.now())
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
        try:
            return Response(quote_for(slug, read_json_object(request.body)))
        except QuoteError as exc:
            return bad_request(exc.field, exc.message)
        except Http404:
            raise
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # A shape the parser did not foresee: still the caller's input, still a 400.
            log.warning("quote request not understood: %r", exc)
            return bad_request("body", "The quote request could not be read; see the API docs.")

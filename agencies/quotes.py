"""The quote request and the quote on the wire (docs/api.md): the serializers that read a quote
request (shapes, types and the site's bounds, PLAT-LIMIT-1) and document a quote. Shared by the
public quote API, ``manage.py quote`` and the jobs API (a job request carries the same shifts and
codes), so the shapes are described once.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.pricing.card import MAX_QUANTITY
from agencies.pricing.types import QuoteError, QuoteRequest, ShiftRequest
from agencies.pricing.wire import build_quote_request, check_bounds, localize
from detailhire.limits import limit, limits
from detailhire.serializers import InputError, MomentField, StrictSerializer, validated

__all__ = [
    "AddOnField",
    "PricedFieldsMixin",
    "QuoteLineSerializer",
    "QuoteRequestSerializer",
    "QuoteSerializer",
    "ShiftInSerializer",
    "ShiftSummarySerializer",
    "add_ons_field",
    "code_field",
    "read_quote_request",
    "split_add_ons",
]


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


_ADD_ON_SCHEMA = {
    "oneOf": [
        {"type": "string", "maxLength": 64, "description": "An add-on code: one of it."},
        {
            "type": "object",
            "properties": {
                "code": {"type": "string", "maxLength": 64},
                "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY},
            },
            "required": ["code", "quantity"],
            "additionalProperties": False,
            "description": 'How many of an add-on priced per unit: {"code": "cruiser", '
            '"quantity": 2}.',
        },
    ]
}


@extend_schema_field(_ADD_ON_SCHEMA)
class AddOnField(serializers.Field):
    """One add-on asked for: its code (one of it), or ``{"code", "quantity"}`` for an add-on the
    customer takes several of ("2 cruisers"). Reads as ``(code, quantity)``; the card checks the
    code and bounds the quantity (PLAT-ADDON-1, PLAT-LIMIT-1)."""

    default_error_messages = {
        "invalid": 'An add-on is its code, or {{"code": ..., "quantity": ...}}.',
        "code": "The add-on code is text of at most {most} characters.",
        "quantity": "The quantity is a whole number from 1 to {most}.",
    }

    def to_internal_value(self, data):
        most = limit("code_length")
        if isinstance(data, str):
            code, quantity = data, 1
        elif isinstance(data, dict) and set(data) <= {"code", "quantity"} and "code" in data:
            code, quantity = data["code"], data.get("quantity", 1)
        else:
            self.fail("invalid")
        if not isinstance(code, str) or len(code) > most:
            self.fail("code", most=most)
        if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
            self.fail("quantity", most=MAX_QUANTITY)
        return (code.strip(), quantity)

    def to_representation(self, value):
        code, quantity = value
        return code if quantity == 1 else {"code": code, "quantity": quantity}


def add_ons_field(help_text: str) -> serializers.ListField:
    """The list of add-ons of a quote or job request."""
    return serializers.ListField(
        child=AddOnField(), required=False, allow_null=True, help_text=help_text
    )


def split_add_ons(items) -> tuple[tuple[str, ...], dict[str, int]]:
    """``[(code, quantity)]`` -> (codes, {code: quantity} for the quantities above 1)."""
    codes = tuple(dict.fromkeys(code for code, _ in items or () if code))
    quantities = {code: quantity for code, quantity in items or () if code and quantity != 1}
    return codes, quantities


class PricedFieldsMixin:
    """What a quote request and a job request share: the bounds on shifts and add-ons
    (PLAT-LIMIT-1), and one add-on code given alone read as a list of one."""

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
        if isinstance(data, dict):
            one = data.get("add_ons")
            if isinstance(one, str) or (isinstance(one, dict) and "code" in one):
                data = {**data, "add_ons": [one]}  # one add-on for a list of one
        return super().to_internal_value(data)


class QuoteRequestSerializer(PricedFieldsMixin, StrictSerializer):
    """A quote request (docs/api.md). Codes are checked against the agency's card afterwards."""

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
    add_ons = add_ons_field(
        'Optional add-ons: codes ("vehicle"), or {"code": "cruiser", "quantity": 2} for an '
        "add-on priced per unit."
    )


def read_quote_request(card, data, *, now: datetime) -> QuoteRequest:
    """The quote request ``data`` (docs/api.md JSON, already decoded) read by
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
    add_ons, quantities = split_add_ons(values.get("add_ons"))
    request = build_quote_request(
        card,
        requested_at=requested_at,
        shifts=shifts,
        rank=_code(values.get("rank")),
        tier=_code(values.get("tier")),
        job_type=_code(values.get("job_type")),
        add_ons=add_ons,
        quantities=quantities,
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

"""What the officer API reads, validated and bounded once (PLAT-LIMIT-1): the board's filters, the
schedule's query, paging and the substitute body. Each serializer hands the view typed values
(``BoardFilters``, ints, a bool); the OpenAPI schema documents the same serializers.

A refused value answers 400 with ``field`` naming it and a message naming the limit, never 500
(``read``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from detailhire.errors import DomainError
from officers.services.board import BoardFilters

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 100_000
MAX_CODE = 40  # a job type code (agencies' card codes are short words)
MAX_PAY = 10_000  # an hourly pay filter above this is a typo
FIRST_DAY = date(2000, 1, 1)
YEARS_AHEAD = 10  # the board looks at most this far ahead


def last_day() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def read(serializer_class, data, **context):
    """``serializer_class(data=data)``'s validated data, or DomainError (400) naming the first
    field refused, its message prefixed with the field's name. In a query string an empty value
    (``?from=``) means the parameter is not given."""
    if hasattr(data, "lists"):  # a QueryDict: its last value per name, empty ones left out
        data = {name: value for name, value in data.items() if value != ""}
    serializer = serializer_class(data=data, context=context)
    if serializer.is_valid():
        return serializer.validated_data
    field, messages = next(iter(serializer.errors.items()))
    if isinstance(messages, dict):  # a nested serializer: its first field
        messages = next(iter(messages.values()))
    text = str(messages[0]) if isinstance(messages, list) and messages else str(messages)
    if field == "non_field_errors":
        raise DomainError(text)
    prefix = f"{field}: "
    raise DomainError(text if text.startswith(prefix) else prefix + text, field=field)


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """An ISO date (2027-03-10) or date-time; a naive one is in the agency's time zone (the
    serializer context's ``time_zone``). A date alone is the day's start, or with ``end`` the
    next day's start (the whole day is included). Bounded to FIRST_DAY .. today + YEARS_AHEAD."""

    default_error_messages = {
        "invalid": "give a date (2027-03-10) or a date-time.",
        "bounds": "give a date between {first} and {last}.",
    }

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        if not text or len(text) > 40 or "\x00" in text:
            self.fail("invalid")
        tz = ZoneInfo(self.context.get("time_zone") or timezone.get_default_timezone_name())
        first, last = FIRST_DAY, last_day()
        try:
            if len(text) == 10:
                day = date.fromisoformat(text)
                moment = None
            else:
                moment = datetime.fromisoformat(text)
                day = moment.date()
        except ValueError:
            self.fail("invalid")
        if not first <= day <= last:
            self.fail("bounds", first=first.isoformat(), last=last.isoformat())
        if moment is None:
            return datetime.combine(day + timedelta(days=1) if self.end else day, time(0), tz)
        return moment if moment.tzinfo else moment.replace(tzinfo=tz)

    def to_representation(self, value):
        return value.isoformat()


class PageQuery(serializers.Serializer):
    """Paging of the officer API's lists: ``next``/``previous`` links, no count."""

    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, required=False, help_text=f"At most {MAX_LIMIT}."
    )
    offset = serializers.IntegerField(
        min_value=0, max_value=MAX_OFFSET, required=False, help_text=f"At most {MAX_OFFSET}."
    )


class BoardQuery(PageQuery):
    """``GET /api/v1/positions/open/``'s filters and paging."""

    # "from" is a Python keyword: declared below under its query name
    to = MomentField(
        end=True,
        required=False,
        help_text="Shifts starting before this date-time; a date alone includes the whole day.",
    )
    min_pay = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_PAY,
        required=False,
        help_text="Officer pay per hour at least, e.g. 45.00.",
        error_messages={"invalid": "give an hourly amount like 45.00."},
    )
    job_type = serializers.CharField(
        max_length=MAX_CODE, required=False, help_text="A job type code of the agency's card."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = MomentField(
            required=False, help_text="Shifts starting on or after this date or date-time."
        )
        return fields

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and end <= start:
            raise serializers.ValidationError({"to": "give a time after from."})
        return attrs


@dataclass(frozen=True)
class BoardRequest:
    filters: BoardFilters
    limit: int | None = None
    offset: int | None = None


NO_QUERY = BoardRequest(BoardFilters())


def board_request(params, time_zone: str) -> BoardRequest:
    """The board's filters and paging from a query string (DomainError 400 for a refused value).
    Most requests send none: nothing to read then."""
    if not params:
        return NO_QUERY
    data = read(BoardQuery, params, time_zone=time_zone)
    return BoardRequest(
        BoardFilters(
            starts_from=data.get("from"),
            starts_to=data.get("to"),
            min_pay=data.get("min_pay"),
            job_type=data.get("job_type") or None,
        ),
        limit=data.get("limit"),
        offset=data.get("offset"),
    )


class AssignmentQuery(PageQuery):
    past = serializers.BooleanField(
        required=False, default=False, help_text="Past details (most recent first)."
    )


class SubstituteBody(serializers.Serializer):
    """``POST /api/v1/assignments/{id}/substitute/``."""

    officer = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The id of the officer who takes the position.",
        error_messages={
            "required": "give the id of the officer to assign.",
            "invalid": "give the id of the officer to assign.",
        },
    )

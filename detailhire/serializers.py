"""What every API input serializer shares: unknown fields refused, bounded times, and the first
error as ``(field path, message)`` for the ``{"detail", "field", "errors"}`` answer.

``validated(serializer_class, data, **context)`` runs a serializer and returns its
``validated_data`` (``checked(...)``: the serializer itself), or raises ``InputError`` (a 400
``DomainError``) naming the first field at fault as a path: ``shifts[0].officers``,
``add_ons[2]``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from detailhire.errors import DomainError
from detailhire.limits import limit

__all__ = [
    "InputError",
    "MomentField",
    "StrictSerializer",
    "TextField",
    "WholeListField",
    "checked",
    "first_error",
    "validated",
]

TIME_FORMAT_HELP = "use ISO 8601, e.g. 2027-03-10T18:00:00-06:00"


class InputError(DomainError):
    """A request body that is not what the endpoint reads (a 400 naming the field)."""


_FIELDS = threading.local()


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses fields it does not name (a typo is not silently ignored).

    Its fields are built once per class and thread and bound to each new instance (DRF deep-copies
    every declared field for every request otherwise: most of a small request's reading time).
    The input serializers keep no state on their fields, so reusing them is safe."""

    def get_fields(self):
        cache = getattr(_FIELDS, "by_class", None)
        if cache is None:
            cache = _FIELDS.by_class = {}
        fields = cache.get(type(self))
        if fields is None:
            fields = cache[type(self)] = super().get_fields()
        for name, field in fields.items():
            if field.source == name:  # set by the last bind: binding again sets it again
                field.source = None
        return dict(fields)

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = [key for key in data if key not in self.fields]
            if unknown:
                expected = ", ".join(name for name, f in self.fields.items() if not f.read_only)
                raise serializers.ValidationError(
                    {str(unknown[0]): [f"Unknown field (expected: {expected})."]}
                )
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.Field):
    """A date and time in ISO 8601 ("Z" or an offset; without one, the caller's local time: the
    value stays naive and the serializer makes it aware in the agency's zone). Years before
    ``earliest_year`` or more than ``years_ahead`` years from now are refused (PLAT-LIMIT-1)."""

    default_error_messages = {
        "invalid": f"Not a date and time ({TIME_FORMAT_HELP}).",
        "too_early": "Dates before {year} are not accepted.",
        "too_late": "Dates more than {years} years ahead are not accepted.",
    }

    def to_internal_value(self, data):
        if isinstance(data, datetime):
            moment = data
        else:
            text = data.strip() if isinstance(data, str) else ""
            if not text or len(text) > 64 or "\x00" in text:
                self.fail("invalid")
            if text[-1] in "Zz":
                text = text[:-1] + "+00:00"
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                self.fail("invalid")
        earliest = limit("earliest_year")
        if moment.year < earliest:
            self.fail("too_early", year=earliest)
        years = limit("years_ahead")
        latest = timezone.now().replace(tzinfo=None) + timedelta(days=366 * years + 1)
        if moment.replace(tzinfo=None) > latest:
            self.fail("too_late", years=years)
        if moment.tzinfo is not None:
            try:
                moment.utcoffset()
                moment.astimezone(UTC)
            except (OverflowError, ValueError):
                self.fail("invalid")
        return moment

    def to_representation(self, value):
        return value.isoformat()


class TextField(serializers.CharField):
    """Text, and only text (a number or a list is refused rather than turned into text)."""

    default_error_messages = {
        "invalid": "Expected text.",
        "nul": "Null characters are not allowed.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            self.fail("nul")
        return super().to_internal_value(data)


class WholeListField(serializers.ListField):
    """A list whose items' errors are the list's own (one message naming the list)."""

    def __init__(self, *, message: str, **kwargs):
        self.message = message
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            raise serializers.ValidationError(self.message) from None


def _first(detail, path: str) -> tuple[str, str] | None:
    """The first (path, message) of a DRF error detail (dicts, lists and strings, nested)."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if key == serializers.api_settings.NON_FIELD_ERRORS_KEY:
                found = _first(value, path)
            elif isinstance(key, int):
                found = _first(value, f"{path}[{key}]")
            else:
                found = _first(value, f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(detail, list | tuple):
        if detail and all(isinstance(item, str) for item in detail):
            return path, " ".join(str(item) for item in detail)
        for k, item in enumerate(detail):
            if item:
                found = _first(item, f"{path}[{k}]" if not isinstance(item, str) else path)
                if found:
                    return found
        return None
    return path, str(detail)


def first_error(errors, default: str = "body") -> tuple[str, str]:
    found = _first(errors, "")
    if not found:
        return default, "The request could not be read."
    field, message = found
    return field or default, message


def checked(serializer_class, data, **context):
    """``serializer_class(data=data, context=context)``, validated, or ``InputError``."""
    if not isinstance(data, Mapping):
        raise InputError("Send a JSON object.", field="body")
    serializer = serializer_class(data=data, context=context)
    if not serializer.is_valid():
        field, message = first_error(serializer.errors)
        raise InputError(message, field=field)
    return serializer


def validated(serializer_class, data, **context) -> dict:
    """``serializer_class(data=data, context=context)``'s validated data, or ``InputError``.

    Without a context, the data is run through one bound instance of the class kept per thread
    (``run_validation``: exactly what ``is_valid`` runs, without building and binding the
    serializer and its nested ones anew for every request). The input serializers keep no state
    between runs."""
    if context:
        return checked(serializer_class, data, **context).validated_data
    if not isinstance(data, Mapping):
        raise InputError("Send a JSON object.", field="body")
    readers = getattr(_FIELDS, "readers", None)
    if readers is None:
        readers = _FIELDS.readers = {}
    reader = readers.get(serializer_class)
    if reader is None:
        reader = readers[serializer_class] = serializer_class()
    try:
        return reader.run_validation(data)
    except serializers.ValidationError as exc:
        field, message = first_error(exc.detail)
        raise InputError(message, field=field) from None


def bounded_integer(name: str, *, what: str, min_value: int = 0, **kwargs):
    """An integer field bounded by ``limit(name)`` with a message naming the bound."""
    top = limit(name)
    return serializers.IntegerField(
        min_value=min_value,
        max_value=top,
        error_messages={
            "max_value": f"At most {top} {what}.",
            "min_value": f"At least {min_value}.",
            "invalid": "A whole number is required.",
            "max_string_length": f"At most {top} {what}.",
        },
        **kwargs,
    )

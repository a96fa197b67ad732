"""Plain-data conversion for the engine's dataclasses: the JSON rate-card format and the
snapshots jobs keep. Decimals travel as strings, dates and times as ISO 8601."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class CodecError(ValueError):
    """A document that does not fit the shape; ``path`` says where ("rates[3].officer_pay")."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path or 'document'}: {message}")
        self.path = path


def to_data(value: Any) -> Any:
    """Dataclass tree -> JSON-able dicts, lists, strings, numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any, path: str = "") -> T:
    """JSON-able data -> an instance of ``cls``, checked field by field."""
    return _convert(cls, data, path)


def _convert(tp: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        return _convert(non_none[0], data, path)
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise CodecError(path, f"expected an object, got {type(data).__name__}")
        hints = _hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise CodecError(path, f"unknown field {unknown[0]!r}")
        kwargs = {}
        for f in dataclasses.fields(tp):
            sub = f"{path}.{f.name}" if path else f.name
            if f.name in data:
                kwargs[f.name] = _convert(hints[f.name], data[f.name], sub)
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise CodecError(sub, "is required")
        return tp(**kwargs)
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise CodecError(path, "expected a list")
        item_type = args[0] if args else Any
        return tuple(_convert(item_type, item, f"{path}[{i}]") for i, item in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise CodecError(path, "expected an object")
        key_type, value_type = args
        return {
            _convert(key_type, k, f"{path}.{k}"): _convert(value_type, v, f"{path}.{k}")
            for k, v in data.items()
        }
    if tp is Decimal:
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            raise CodecError(path, "expected a decimal number as a string")
        try:
            value = Decimal(str(data))
        except InvalidOperation:
            raise CodecError(path, f"{data!r} is not a number") from None
        if not value.is_finite():
            raise CodecError(path, f"{data!r} is not a finite number")
        return value
    if tp is datetime:
        return _parse(datetime.fromisoformat, data, path, "a date and time")
    if tp is date:
        return _parse(date.fromisoformat, data, path, "a date (YYYY-MM-DD)")
    if tp is time:
        return _parse(time.fromisoformat, data, path, "a time (HH:MM)")
    if tp is bool:
        if not isinstance(data, bool):
            raise CodecError(path, "expected true or false")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise CodecError(path, "expected a whole number")
        return data
    if tp is str:
        if not isinstance(data, str):
            raise CodecError(path, "expected text")
        return data
    if tp is Any:
        return data
    raise CodecError(path, f"unsupported type {tp!r}")


def _parse(parser, data, path, what):
    if not isinstance(data, str):
        raise CodecError(path, f"expected {what}")
    try:
        return parser(data)
    except ValueError:
        raise CodecError(path, f"{data!r} is not {what}") from None

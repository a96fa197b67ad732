"""The API's JSON renderer: DRF's, encoded with orjson.

The same bytes as DRF's compact, non-ASCII-escaping, strict renderer for the answers this API
gives (tests/api/test_renderer.py compares them), in a fraction of the time: the job board's 50
rows encode in about a third of the time. What orjson does not encode itself (dates and times,
``Decimal``, lazy translations, subclasses of built-in types) goes through DRF's own encoder, so
it reads exactly as DRF writes it. Pretty-printing (``Accept: application/json; indent=4``), a
project that changes DRF's JSON settings, and anything orjson refuses (integers beyond 64 bits)
fall back to DRF's renderer. One difference: a float NaN or infinity, which DRF refuses with an
error, is written as null (the API's numbers are strings and integers)."""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_NON_STR_KEYS
)
_ENCODER = JSONEncoder()
# DRF escapes these two so the output is also valid JavaScript; orjson writes them as they are
_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


class JSONRenderer(DRFJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        fast = self.compact and not self.ensure_ascii and self.strict
        if not fast or self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_ENCODER.default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        for raw, escaped in _SEPARATORS:
            if raw in body:
                body = body.replace(raw, escaped)
        return body

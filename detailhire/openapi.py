"""The OpenAPI schema's shared answers: every operation documents the errors it can give.

drf-spectacular documents what each view declares; the answers that come from the framework
rather than the view (401 without credentials, 403 for a role the endpoint is not for, 404 for an
object the caller cannot see or a malformed id, 400 for a body or parameter that does not
validate, 429 when a throttle applies) are the same shape everywhere, ``{"detail", "field",
"errors"}``, and are added here to every operation that can give them."""

from __future__ import annotations

ERROR = "ApiError"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused, in words; `field` names the input to fix.",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "400": "Bad input: `field` names what to fix.",
    "401": "No credentials, or credentials that are not valid.",
    "403": "Your role does not allow this.",
    "404": "No such object among those you can see.",
    "429": "Too many requests: wait and try again.",
}
METHODS = ("get", "put", "patch", "post", "delete")


def _public(operation: dict) -> bool:
    """An operation anyone may call (drf-spectacular lists ``{}`` among its security options)."""
    return {} in operation.get("security", [{}])


def add_error_answers(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(ERROR, ERROR_SCHEMA)
    reference = {"$ref": f"#/components/schemas/{ERROR}"}
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            codes = ["429"]
            query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            if operation.get("requestBody") or query:
                codes.append("400")
            if "{" in path:
                codes.append("404")
            if not _public(operation):
                codes += ["401", "403"]
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result

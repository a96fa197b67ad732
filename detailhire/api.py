"""Shared API plumbing: one exception handler that turns domain errors into readable 4xx."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from detailhire.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": str(exc)}
        if exc.field:
            body["field"] = exc.field
            body["errors"] = {exc.field: [str(exc)]}
        return Response(body, status=exc.http_status)
    return drf_exception_handler(exc, context)


def error_body(field: str, message: str) -> dict:
    """The API's 400 answer: ``{"detail", "field", "errors"}``."""
    return {"detail": message, "field": field, "errors": {field: [message]}}


def bad_request(field: str, message: str) -> Response:
    return Response(error_body(field, message), status=status.HTTP_400_BAD_REQUEST)

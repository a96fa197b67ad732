"""One base class for errors a user can read. Services raise them; views and commands show them."""

from django.core.exceptions import PermissionDenied as _DjangoPermissionDenied


class DomainError(Exception):
    """A refused business action. ``str(error)`` is a sentence for the user."""

    http_status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """The action conflicts with current state (taken, overlapping, over a cap)."""

    http_status = 409


class PermissionDenied(DomainError, _DjangoPermissionDenied):
    """Not allowed for this actor (403). Also Django's PermissionDenied, so a page that lets it
    through answers 403 like the API does."""

    http_status = 403


class NotFound(DomainError):
    """The object does not exist for the caller (another tenant's object reads the same)."""

    http_status = 404

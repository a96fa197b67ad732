"""One base class for errors a user can read. Services raise them; views and commands show them."""


class DomainError(Exception):
    """A refused business action. ``str(error)`` is a sentence for the user."""

    http_status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """The action conflicts with current state (taken, overlapping, over a cap)."""

    http_status = 409


class PermissionDenied(DomainError):
    http_status = 403


class NotFound(DomainError):
    """The object does not exist for the caller (another tenant's object reads the same)."""

    http_status = 404

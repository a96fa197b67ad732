"""OpenAPI description of the tenancy-aware authentication classes (drf-spectacular)."""

from drf_spectacular.authentication import SessionScheme


class ScopedSessionScheme(SessionScheme):
    target_class = "detailhire.tenancy.ScopedSessionAuthentication"

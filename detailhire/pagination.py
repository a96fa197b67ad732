"""List pages of the API: ``limit`` and ``offset`` bounded (PLAT-LIMIT-1).

DRF's ``LimitOffsetPagination`` with the site's bounds (``detailhire.limits``): a ``limit`` above
``page_size`` or an ``offset`` above ``offset`` is refused with a 400 naming the bound (never a
database error for an offset past 2^63), as is a value that is not a whole number."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

from detailhire.errors import DomainError
from detailhire.limits import limit

__all__ = ["BoundedPagination"]


class BoundedPagination(LimitOffsetPagination):
    def _bounded(self, request, name: str, bound: str, minimum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return None
        most = limit(bound)
        text = raw.strip()
        if len(text) > 20 or not text.isdigit() or not text.isascii():
            raise DomainError(f"{name} is a whole number from {minimum} to {most}.", field=name)
        value = int(text)
        if value < minimum or value > most:
            raise DomainError(f"{name} is a whole number from {minimum} to {most}.", field=name)
        return value

    def get_limit(self, request):
        value = self._bounded(request, self.limit_query_param, "page_size", 1)
        return self.default_limit if value is None else value

    def get_offset(self, request):
        value = self._bounded(request, self.offset_query_param, "offset", 0)
        return 0 if value is None else value

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        bounds = {"limit": (1, limit("page_size")), "offset": (0, limit("offset"))}
        for param in params:
            low, high = bounds.get(param["name"], (None, None))
            if high is not None:
                param["schema"] = {**param["schema"], "minimum": low, "maximum": high}
        return params

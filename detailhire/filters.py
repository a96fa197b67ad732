"""django-filter's DRF backend with the API's error answer: an invalid filter parameter is a 400
``{"detail", "field", "errors"}`` naming it (never a 500, a NUL byte included), the same shape as
every other refusal."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend

from detailhire.errors import DomainError

__all__ = ["FilterBackend"]


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            for field, messages in filterset.errors.items():
                raise DomainError(" ".join(str(m) for m in messages), field=field)
        return filterset.qs

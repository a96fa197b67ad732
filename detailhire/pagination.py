"""List pages of the API: ``limit`` and ``offset`` bounded (PLAT-LIMIT-1).

DRF's ``LimitOffsetPagination`` with the site's bounds (``detailhire.limits``): a ``limit`` above
``page_size`` or an ``offset`` above ``offset`` is refused with a 400 naming the bound (never a
database error for an offset past 2^63), as is a value that is not a whole number.

Lists over a tenant's history page without counting it: ``CountFreePagination`` (the API) and
``count_free_page`` (list pages) read one row more than the page instead of ``COUNT(*)``."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from detailhire.errors import DomainError
from detailhire.limits import limit

__all__ = [
    "BoundedPagination",
    "CountFreePagination",
    "PageOfRows",
    "count_free_page",
    "page_number",
    "page_of_rows",
]


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


class CountFreePagination(BoundedPagination):
    """``BoundedPagination`` without the count: a list over a tenant's whole history would
    otherwise count every row it ever had on each page. One query for the page: ``limit + 1``
    rows are read and the extra one only says there is a next page."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        # DRF's links compare the offset with ``count``: the rows seen so far stand in for it
        # (one more than the page when there is a next page). Never shown.
        self.count = self.offset + len(rows)
        return rows[: self.limit]

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        found = super().get_paginated_response_schema(schema)
        found["properties"].pop("count", None)
        found["required"] = [name for name in found.get("required", []) if name != "count"]
        return found


class PageOfRows:
    """A page of a list page without a count (``count_free_page``): the rows, its number and
    whether there are pages before and after it. Shaped like Django's ``Page`` where templates
    read it (``number``, ``has_next``, ``has_previous``, ``has_other_pages`` and the
    neighbours' numbers); there is no ``paginator.num_pages``: nobody counts the history."""

    def __init__(self, rows: list, number: int, more: bool):
        self.object_list = rows
        self.number = number
        self._more = more

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw, size: int) -> int:
    """The page number asked for (1-based): anything not a whole number, or a page past the
    ``offset`` bound (PLAT-LIMIT-1), is the first page."""
    text = str(raw or "").strip()
    page = int(text) if text.isascii() and text.isdigit() and len(text) < 8 else 1
    page = max(1, page)
    return 1 if (page - 1) * size > limit("offset") else page


def page_of_rows(rows: list, number: int, size: int) -> PageOfRows:
    """Page ``number`` from ``rows``: that page's rows read with one more (``size + 1``)."""
    return PageOfRows(rows[:size], number, len(rows) > size)


def count_free_page(queryset, size: int, number) -> PageOfRows:
    """Page ``number`` (``page_number``) of ``queryset``, ``size`` rows a page, read as
    ``size + 1`` rows and no ``COUNT``. A page past the end is empty (with a link back), not the
    last page: finding the last would need a count."""
    page = page_number(number, size)
    start = (page - 1) * size
    return page_of_rows(list(queryset[start : start + size + 1]), page, size)

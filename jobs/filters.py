"""The one filter of job lists, shared by the jobs page and the API (django-filter).

``JobFilter(data, queryset=read.list_queryset())``: ``status`` (one or more statuses, comma
separated), ``when`` (``upcoming``: not over yet, soonest first; ``past``: over, latest first) and
``q`` (words in the title, address or organization name). Every value is bounded; a bad one makes
the filter invalid (``filter.errors``; the API answers 400, never 500: a NUL byte included).
The API uses it through ``JobFilterBackend``; the jobs page with
``JobFilter(request.GET, queryset=...)`` and ``first_error()``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from detailhire import db
from detailhire.filters import FilterBackend
from jobs.models import Job

__all__ = ["MAX_QUERY", "WHEN", "JobFilter", "JobFilterBackend", "longest_span", "upcoming"]

MAX_QUERY = 100
WHEN = {"upcoming": "Upcoming", "past": "Past"}


def longest_span() -> timedelta | None:
    """The longest time from a job's start to its end, of any job (None: no job yet). One
    indexed read (the ``job_span`` expression index)."""
    return db.longest_span(Job)


def upcoming(queryset, now: datetime):
    """Jobs not over yet, soonest first. A job ending after ``now`` started at most the longest
    span before it: that lower bound on ``starts_at`` lets the database read the upcoming rows
    from the ``starts_at`` indexes instead of walking every past job to discard it."""
    queryset = queryset.filter(ends_at__gte=now)
    span = longest_span()
    if span is not None:
        queryset = queryset.filter(starts_at__gte=now - span)
    return queryset.order_by("starts_at", "pk")


class StatusListField(forms.CharField):
    """Statuses, comma separated: each one of ``Job.Status``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        statuses = [s.strip() for s in (value or "").split(",") if s.strip()]
        unknown = [s for s in statuses if s not in Job.Status.values]
        if unknown:
            raise forms.ValidationError(
                f"Unknown status {unknown[0]!r}. Use one or more of: "
                f"{', '.join(Job.Status.values)}."
            )
        return list(dict.fromkeys(statuses))


class StatusListFilter(django_filters.CharFilter):
    field_class = StatusListField

    def filter(self, qs, value):
        return qs.filter(status__in=value) if value else qs


class JobFilter(django_filters.FilterSet):
    """Filters of the jobs list (page and API)."""

    status = StatusListFilter(help_text="One or more statuses, comma separated.")
    when = django_filters.ChoiceFilter(
        choices=list(WHEN.items()),
        method="filter_when",
        empty_label=None,
        help_text="upcoming (not over yet) or past (over).",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=MAX_QUERY,
        help_text=f"Words in the title, address or organization (at most {MAX_QUERY} characters).",
    )

    class Meta:
        model = Job
        fields = ["status", "when", "q"]

    def filter_when(self, queryset, _name, value):
        now = timezone.now()
        if value == "upcoming":
            return upcoming(queryset, now)
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return queryset

    def filter_text(self, queryset, _name, value):
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(title__icontains=text)
            | Q(address__icontains=text)
            | Q(organization__name__icontains=text)
        )

    def first_error(self) -> tuple[str, str] | None:
        """The first invalid parameter and its message (after ``is_valid()``), or None."""
        for field, messages in self.errors.items():
            return field, " ".join(str(m) for m in messages)
        return None


class JobFilterBackend(FilterBackend):
    """The jobs list's filter backend (the platform's: a bad parameter is a 400 naming it)."""

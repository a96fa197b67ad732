"""The one FilterSet of the invoice lists, shared by the API and the "Invoices" pages."""

from __future__ import annotations

import django_filters

from billing.models import Invoice

MIN_YEAR, MAX_YEAR = 2000, 2100  # PLAT-LIMIT-1: a year beyond these is refused, not searched


class InvoiceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Invoice.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Invoice.Kind.choices)
    year = django_filters.NumberFilter(
        field_name="year", min_value=MIN_YEAR, max_value=MAX_YEAR, label="Year"
    )
    job = django_filters.NumberFilter(field_name="job_id", min_value=1, max_value=2**31 - 1)

    class Meta:
        model = Invoice
        fields = ["status", "kind", "year", "job"]

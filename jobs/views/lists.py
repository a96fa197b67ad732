"""My jobs (for a customer) and the agency's jobs (for its staff): upcoming or past, filtered by
the jobs list's one FilterSet (``jobs.filters.JobFilter``, shared with the API)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from accounts.roles import roles_of
from detailhire import policy
from detailhire.pagination import count_free_page
from jobs import read
from jobs.filters import MAX_QUERY, WHEN, JobFilter
from jobs.models import Job
from jobs.views.common import newcomers_to_start

PAGE_SIZE = 25


def _filtered(params: dict) -> tuple[JobFilter, dict[str, str]]:
    """The filter of ``params``; a value the filter refuses is left out (the list shows
    everything it would have narrowed) and its message is returned by parameter."""
    errors: dict[str, str] = {}
    while True:
        found = JobFilter(params, queryset=read.page_list_queryset())
        if found.is_valid():
            return found, errors
        field, message = found.first_error()
        errors[field] = message
        if field not in params:  # nothing left to drop: no filter at all
            return JobFilter({}, queryset=read.page_list_queryset()), errors
        params = {k: v for k, v in params.items() if k != field}


@newcomers_to_start
@policy.guard("job.list")
def job_list(request):
    tab = request.GET.get("tab", "upcoming")
    tab = tab if tab in WHEN else "upcoming"
    params = {"when": tab}
    for name in ("status", "q"):
        value = request.GET.get(name, "").strip()
        if value:
            params[name] = value
    found, errors = _filtered(params)
    status = found.form.cleaned_data.get("status") or []
    text = (found.form.cleaned_data.get("q") or "").strip() if "q" not in errors else ""
    page = count_free_page(found.qs, PAGE_SIZE, request.GET.get("page"))
    chosen = status[0] if len(status) == 1 else ""
    query = {k: v for k, v in (("tab", tab), ("status", chosen), ("q", text)) if v}
    context = {
        "rows": [read.list_row(job) for job in page.object_list],
        "page": page,
        "tab": tab,
        "tabs": [
            {"code": code, "name": name, "query": urlencode({**query, "tab": code})}
            for code, name in WHEN.items()
        ],
        "status": chosen,
        "statuses": Job.Status.choices,
        "q": text,
        "errors": errors,
        "max_query": MAX_QUERY,
        "query": urlencode(query),
        "is_staff": bool(roles_of(request.user).staff_agency_ids),
        "section": "jobs",
    }
    return render(request, "jobs/list.html", context)

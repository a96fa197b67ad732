"""The site's home page: a directory of the agencies that take requests through DetailHire,
looked up by name or city and paged without a count (it stays one small page at 250 agencies
and more: docs/operations.md, "Scale")."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.shortcuts import render

from agencies.models import Agency
from detailhire.pagination import count_free_page

PAGE_SIZE = 12
MAX_QUERY = 100


class DirectoryForm(forms.Form):
    q = forms.CharField(
        label="Find an agency",
        required=False,
        max_length=MAX_QUERY,
        error_messages={"max_length": f"Search: at most {MAX_QUERY} characters."},
    )


def directory(text: str):
    """The agencies whose name, short name or city contain ``text`` (all when empty), in the
    order of the ``agency_name_order`` index."""
    agencies = Agency.objects.order_by("name", "id")
    if text:
        agencies = agencies.filter(
            Q(name__icontains=text) | Q(short_name__icontains=text) | Q(city__icontains=text)
        )
    return agencies.only(
        "slug", "name", "short_name", "city", "office_phone", "toll_free_phone", "description"
    )


def home(request):
    form = DirectoryForm(request.GET)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = count_free_page(directory(text), PAGE_SIZE, request.GET.get("page"))
    context = {
        "agencies": page.object_list,
        "page": page,
        "q": text,
        "error": "" if form.is_valid() else form.errors["q"][0],
        "max_query": MAX_QUERY,
        "query": urlencode({"q": text} if text else {}),
    }
    return render(request, "home.html", context)

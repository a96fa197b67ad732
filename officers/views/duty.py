"""The agency admin's regular duty import (PLAT-DUTY-1): a CSV file, or the iCal calendar the
agency's scheduling system publishes at an address. Both are previewed (what is added, removed
and changed per officer) before anything is saved, and both go through ``officers.services.duty``.
"""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from detailhire import policy
from detailhire.errors import DomainError
from officers.forms import DutyFeedForm, DutyImportForm
from officers.models import DutyCalendar
from officers.services import duty
from officers.services.duty_feed import fetch_calendar
from officers.services.duty_ical import read_duty_ical
from officers.views.common import staff_required


def _today(agency):
    return timezone.now().astimezone(ZoneInfo(agency.time_zone)).date()


def _imported(request, stored: int, changes) -> None:
    messages.success(
        request,
        f"Regular duty imported: {stored} shift{'s' if stored != 1 else ''} "
        f"for {len(changes)} officer{'s' if len(changes) != 1 else ''}.",
    )


def _page(request, agency, status: int, **context):
    calendar = DutyCalendar.objects.filter(agency=agency).select_related("imported_by").first()
    context = {
        "staff_tab": "duty",
        "agency": agency,
        "calendar": calendar,
        "form": DutyImportForm(),
        "feed_form": DutyFeedForm(initial={"url": calendar.url} if calendar else None),
        "changes": None,
        "text": "",
        **context,
    }
    return render(request, "officers/staff_duty.html", context, status=status)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
@staff_required
def staff_duty(request):
    """The agency admin imports a CSV duty schedule: upload, preview, apply."""
    agency = request.agency
    policy.require(request.user, "agency.manage", agency)
    form = DutyImportForm(request.POST or None, request.FILES or None)
    changes, text, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                text = form.csv_text()
                lines = duty.read_duty_csv(text, agency.time_zone, today=_today(agency))
                changes = duty.plan(agency, lines)
                if request.POST.get("confirm") == "1":
                    stored = duty.apply(agency, changes, actor=request.user)
                    _imported(request, stored, changes)
                    return redirect("officers:staff-duty")
                status = 200
            except DomainError as error:
                form.add_error("document", str(error))
                changes = None
    return _page(request, agency, status, form=form, changes=changes, text=text)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
@staff_required
def staff_duty_feed(request):
    """The agency admin imports the calendar at an address: fetch, preview, apply. Applying
    fetches again; if the calendar changed since the preview, the new preview is shown instead."""
    agency = request.agency
    policy.require(request.user, "agency.manage", agency)
    if request.method == "GET":
        return redirect("officers:staff-duty")
    form = DutyFeedForm(request.POST)
    if not form.is_valid():
        return _page(request, agency, 400, feed_form=form)
    url = form.cleaned_data["url"]
    try:
        text = fetch_calendar(url)
        digest = hashlib.sha256(text.encode()).hexdigest()
        changes = duty.plan(agency, read_duty_ical(text, agency.time_zone, today=_today(agency)))
    except DomainError as error:
        form.add_error("url", str(error))
        return _page(request, agency, 400, feed_form=form)
    if request.POST.get("confirm") == "1":
        if form.cleaned_data.get("digest") == digest:
            stored = duty.apply(agency, changes, actor=request.user, source=url)
            _imported(request, stored, changes)
            return redirect("officers:staff-duty")
        messages.warning(
            request, "The calendar changed since the preview: check what the import changes now."
        )
    confirm = DutyFeedForm(initial={"url": url, "digest": digest}, auto_id=False)
    return _page(request, agency, 200, feed_form=form, changes=changes, feed_confirm=confirm)

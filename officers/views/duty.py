"""The agency admin's regular duty import (PLAT-DUTY-1)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from detailhire import policy
from detailhire.errors import DomainError
from officers.forms import (
    DutyImportForm,
)
from officers.services import duty
from officers.views.common import staff_required


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
@staff_required
def staff_duty(request):
    """The agency admin imports regular duty schedules (PLAT-DUTY-1): upload, preview, apply."""
    agency = request.agency
    policy.require(request.user, "agency.manage", agency)
    form = DutyImportForm(request.POST or None, request.FILES or None)
    changes, text, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            today = timezone.now().astimezone(ZoneInfo(agency.time_zone)).date()
            try:
                text = form.csv_text()
                lines = duty.read_duty_csv(text, agency.time_zone, today=today)
                changes = duty.plan(agency, lines)
                if request.POST.get("confirm") == "1":
                    stored = duty.apply(agency, changes, actor=request.user)
                    messages.success(
                        request,
                        f"Regular duty imported: {stored} shift{'s' if stored != 1 else ''} "
                        f"for {len(changes)} officer{'s' if len(changes) != 1 else ''}.",
                    )
                    return redirect("officers:staff-duty")
                status = 200
            except DomainError as error:
                form.add_error("document", str(error))
                changes = None
    context = {
        "staff_tab": "duty",
        "agency": agency,
        "form": form,
        "changes": changes,
        "text": text,
    }
    return render(request, "officers/staff_duty.html", context, status=status)

"""The officer's own profile (their phone number)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from detailhire import policy
from detailhire.errors import DomainError
from officers.forms import (
    PhoneForm,
)
from officers.services.cards import rank_name
from officers.services.invitations import update_phone
from officers.views.common import agency_card, with_officer


@require_http_methods(["GET", "POST"])
@policy.guard("officer.pages")
@with_officer
def profile(request):
    officer = request.officer
    form = PhoneForm(request.POST or None, initial={"phone": officer.phone})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            update_phone(officer, actor=request.user, phone=form.cleaned_data["phone"])
        except DomainError as error:
            form.add_error("phone", str(error))
        else:
            messages.success(request, "Phone number saved.")
            return redirect("officers:profile")
    if request.method == "POST":
        status = 400
    card = agency_card(officer.agency)
    context = {
        "tab": "profile",
        "officer": officer,
        "agency": officer.agency,
        "rank": rank_name(card, officer.rank) if card else officer.rank,
        "form": form,
    }
    return render(request, "officers/profile.html", context, status=status)

"""The notification preferences page, the unsubscribe link, the survey page, and the staff's
form that moves an invoice's payment deadline."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from billing.models import Invoice
from detailhire import policy
from detailhire.errors import ConflictError, DomainError, NotFound
from detailhire.forms import attach_error
from notifications import surveys
from notifications.deadlines import extend_payment_deadline, payment_deadline
from notifications.forms import DeadlineForm, PreferencesForm, SurveyForm
from notifications.kinds import label
from notifications.models import Preference
from notifications.outbox import read_unsubscribe_token


def _muted(user) -> list[str]:
    return Preference.objects.filter(user=user).values_list("muted", flat=True).first() or []


def set_muted(user, muted: list[str]) -> None:
    Preference.objects.update_or_create(user=user, defaults={"muted": sorted(set(muted))})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, muted=_muted(request.user))
    if request.method == "POST" and form.is_valid():
        set_muted(request.user, form.muted())
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail client; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    found = read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    kind = found[1]
    done = False
    if request.method == "POST":
        set_muted(user, [*_muted(user), kind])
        done = True
    context = {"kind_label": label(kind), "done": done, "email": user.email}
    return render(request, "notifications/unsubscribe.html", context)


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        found = surveys.open_survey(token)
    except NotFound:
        closed = {"closed": "This survey link is not valid."}
        return render(request, "notifications/survey.html", closed, status=404)
    except ConflictError as error:
        return render(request, "notifications/survey.html", {"closed": str(error)}, status=410)
    officers = surveys.officers_of(found.job)
    form = SurveyForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = tuple(
            surveys.OfficerAnswer(
                o.pk, data[f"officer_{o.pk}_rating"], data[f"officer_{o.pk}_comment"]
            )  # fmt: skip
            for o in officers
        )
        try:
            surveys.answer_survey(
                token, rating=data["rating"], comment=data["comment"], officers=answers
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            return render(request, "notifications/survey.html", {"thanks": True, "job": found.job})
    return render(request, "notifications/survey.html", {"form": form, "job": found.job})


@policy.guard("invoice.extend_deadline", hide=True)
@require_http_methods(["GET", "POST"])
def invoice_deadline(request, pk: int):
    """A coordinator moves an unpaid invoice's payment deadline with a reason (NOPD-PAY-1),
    through the same service as the API; the time is read in the agency's zone."""
    invoice = get_object_or_404(Invoice.objects.select_related("agency", "job"), pk=pk)
    policy.require(request.user, "invoice.extend_deadline", invoice)
    zone = ZoneInfo(invoice.agency.time_zone)
    deadline = payment_deadline(invoice)
    form = DeadlineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        with timezone.override(zone):
            valid = form.is_valid()
        if valid:
            try:
                extend_payment_deadline(
                    invoice,
                    actor=request.user,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                attach_error(form, error)
            else:
                messages.success(request, "The payment deadline is moved.")
                return redirect("billing-invoice", pk=invoice.pk)
        status = 400
    context = {"invoice": invoice, "deadline": deadline, "form": form, "section": "invoices"}
    return render(request, "notifications/invoice_deadline.html", context, status=status)

"""Refunds that need the agency's staff: ``/billing/refunds/`` (PLAT-PAYMENT-1).

A refund Stripe refused stays listed (with Stripe's message) until someone tries it again, through
Stripe or by check; a refund owed by check stays listed until its check number is recorded. The
rows are read through the scoped manager (the staff's own agencies); the services authorize.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from billing.models import Refund
from billing.services import payments as services
from detailhire import policy
from detailhire.errors import DomainError


class CheckSentForm(forms.Form):
    check_number = forms.CharField(max_length=40, label="Check number")


def _attention():
    return (
        Refund.objects.filter(services.NEEDS_ATTENTION)
        .select_related("payment__invoice")
        .order_by("created_at", "pk")
    )


@policy.guard("payment.refund")
def refunds(request, problem: str = "", status: int = 200):
    return render(
        request,
        "billing/refunds.html",
        {
            "refunds": _attention(),
            "check_form": CheckSentForm(),
            "problem": problem,
            "is_staff": True,
        },
        status=status,
    )


@require_POST
@policy.guard("payment.refund")
def retry(request, pk):
    refund = get_object_or_404(Refund.objects.all(), pk=pk)
    try:
        services.retry_refund(
            refund, actor=request.user, by_check=bool(request.POST.get("by_check"))
        )
    except DomainError as error:
        if error.http_status == 403:
            raise
        return refunds(request, problem=str(error), status=409)
    return redirect("billing-refunds")


@require_POST
@policy.guard("payment.refund")
def resend(request, pk):
    """Send a refund Stripe never answered again, with its stored idempotency key."""
    refund = get_object_or_404(Refund.objects.all(), pk=pk)
    try:
        services.resend_refund(refund, actor=request.user)
    except DomainError as error:
        if error.http_status == 403:
            raise
        return refunds(request, problem=str(error), status=409)
    return redirect("billing-refunds")


@require_POST
@policy.guard("payment.refund")
def check_sent(request, pk):
    refund = get_object_or_404(Refund.objects.all(), pk=pk)
    form = CheckSentForm(request.POST)
    if not form.is_valid():
        return refunds(request, problem="Enter the check number.", status=400)
    try:
        services.mark_check_refund_sent(
            refund, actor=request.user, check_number=form.cleaned_data["check_number"]
        )
    except DomainError as error:
        if error.http_status == 403:
            raise
        return refunds(request, problem=str(error), status=409)
    return redirect("billing-refunds")

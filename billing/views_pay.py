"""The pay page: ``/invoices/<id>/pay/`` (PLAT-PAYMENT-1, NOPD-PAY-1).

It shows the balance and how to pay. A customer of the organization billed starts a card or ACH
payment here: the server creates the PaymentIntent (``billing.services.payments``) and the page
hands its client secret to Stripe.js (loaded only when a publishable key is configured), which
collects the card or bank details and confirms. The invoice is marked paid by Stripe's webhook,
never by the browser coming back. Without Stripe keys (the embedded default) the page says card
payment is not configured and shows the agency's other ways to pay. Agency staff record a check or
bank transfer on the same page.

The invoice is loaded through the scoped manager (another tenant's: 404); the services decide
who may do what (``detailhire.policy``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.models.payments import OFFLINE_METHODS, ONLINE_METHODS, Method
from billing.providers import stripe as provider
from billing.services import payments as services
from detailhire import policy
from detailhire.errors import DomainError


class StartForm(forms.Form):
    method = forms.ChoiceField(
        choices=[(str(m), Method(m).label) for m in ONLINE_METHODS], initial="card"
    )


class RecordForm(forms.Form):
    method = forms.ChoiceField(choices=[(str(m), Method(m).label) for m in OFFLINE_METHODS])
    amount = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("999999.99")
    )
    number = forms.CharField(max_length=40, label="Check or transfer number")
    received_on = forms.DateField(
        label="Received on", widget=forms.DateInput(attrs={"type": "date"})
    )


# What Stripe.js needs beyond the site's own Content-Security-Policy (Stripe's published list).
STRIPE_JS_SOURCES = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


def _allow_stripe_js(response):
    """The page that loads Stripe.js sets its own Content-Security-Policy header: the site's
    policy (``settings.CONTENT_SECURITY_POLICY``, when there is one) plus Stripe's sources. A
    header set by the view is kept by the site's CSP middleware."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    if not policy:
        return response
    merged = {directive: list(sources) for directive, sources in policy.items()}
    for directive, extra in STRIPE_JS_SOURCES.items():
        sources = merged.get(directive) or list(policy.get("default-src", []))
        merged[directive] = [*sources, *(source for source in extra if source not in sources)]
    header = (
        "Content-Security-Policy-Report-Only"
        if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
        else "Content-Security-Policy"
    )
    response[header] = "; ".join(
        f"{directive} {' '.join(sources)}".strip() for directive, sources in merged.items()
    )
    return response


def _online_methods(invoice: Invoice) -> list[str]:
    """The online methods this invoice offers (its printed ways to pay, card and ACH)."""
    offered = set(invoice.payment_methods or ["card", "ach"])
    return [str(m) for m in ONLINE_METHODS if str(m) in offered]


def _context(request, invoice: Invoice, **extra) -> dict:
    online = _online_methods(invoice)
    start_form = StartForm()
    start_form.fields["method"].choices = [(m, Method(m).label) for m in online]
    return {
        "invoice": invoice,
        "balance": invoice.balance_due,
        "payments": Payment.objects.filter(invoice=invoice).prefetch_related("refunds"),
        "configured": provider.configured(),
        "publishable_key": provider.publishable_key(),
        "online_methods": online,
        "may_pay": policy.allows(request.user, "payment.start", invoice),
        "may_record": policy.allows(request.user, "payment.record", invoice),
        "is_staff": policy.allows(request.user, "payment.record", invoice),
        "start_form": start_form,
        "record_form": RecordForm(initial={"received_on": timezone.localdate()}),
        "offers_check": "check" in (invoice.payment_methods or ["check"]),
        **extra,
    }


@policy.guard("invoice.view")
def pay(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk, kind=Invoice.Kind.INVOICE)
    policy.require(request.user, "invoice.view", invoice)
    if request.method != "POST":
        return render(request, "billing/pay.html", _context(request, invoice))
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(request, "billing/pay.html", _context(request, invoice, start_form=form))
    try:
        started = services.start_card_payment(
            invoice, actor=request.user, method=form.cleaned_data["method"]
        )
    except DomainError as error:
        if error.http_status == 403:
            raise
        return render(
            request, "billing/pay.html", _context(request, invoice, problem=str(error)), status=409
        )
    response = render(request, "billing/pay.html", _context(request, invoice, started=started))
    return _allow_stripe_js(response) if started.publishable_key else response


@policy.guard("payment.record")
def record(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk, kind=Invoice.Kind.INVOICE)
    if request.method != "POST":
        return redirect("billing-pay", pk=invoice.pk)
    form = RecordForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        try:
            services.record_offline_payment(
                invoice,
                actor=request.user,
                method=values["method"],
                amount=values["amount"],
                number=values["number"],
                received_on=values["received_on"],
            )
        except DomainError as error:
            if error.http_status == 403:
                raise
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect("billing-pay", pk=invoice.pk)
    return render(
        request, "billing/pay.html", _context(request, invoice, record_form=form), status=400
    )

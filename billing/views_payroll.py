"""The agency admin's money pages (NOPD-FEE-1): officer payroll per pay period and the admin-fee
ledger by month, each with a CSV download. ``/billing/<agency>/payroll/`` and
``/billing/<agency>/ledger/``: the agency is one of the admin's own (another agency's slug is
404); a coordinator gets the policy's 403 (``payroll.view``)."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from agencies.models import Agency
from billing import ledger, payroll
from billing.forms import DisbursedForm, PeriodForm, YearForm
from billing.models import PayrollDisbursement
from billing.services.payroll import record_disbursement
from detailhire import policy
from detailhire.csvexport import csv_response
from detailhire.errors import DomainError
from detailhire.forms import attach_error


def _agency(request, agency_slug: str) -> Agency:
    """One of the caller's agencies (another one's slug: 404), which they must administer."""
    ids = roles_of(request.user).staff_agency_ids
    agency = get_object_or_404(Agency.objects.filter(pk__in=ids), slug=agency_slug)
    policy.require(request.user, "payroll.view", agency)
    return agency


def _today(agency: Agency):
    return timezone.now().astimezone(ZoneInfo(agency.time_zone)).date()


def _period(form, agency: Agency) -> payroll.Period:
    return payroll.Period(form.cleaned_data["start"], form.cleaned_data["end"], agency.time_zone)


@policy.guard("payroll.view")
def payroll_page(
    request, agency_slug: str, as_csv: bool = False, paid_form=None, status: int = 200
):
    """Officer payroll for a pay period (the current month unless one is asked for), and
    whether it was recorded as paid."""
    agency = _agency(request, agency_slug)
    form = PeriodForm.for_month(_today(agency), request.GET)
    rows = []
    period = disbursed = None
    if form.is_valid():
        period = _period(form, agency)
        rows = payroll.payroll_rows(agency, period)
        disbursed = PayrollDisbursement.objects.filter(
            agency=agency, period_start=period.start, period_end=period.end
        ).first()
        if paid_form is None:
            paid_form = DisbursedForm(
                initial={"start": period.start, "end": period.end, "paid_on": _today(agency)}
            )
        if as_csv:
            return csv_response(
                f"payroll-{agency.slug}-{period.start}-{period.end}.csv",
                payroll.HEADER,
                payroll.csv_rows(rows),
            )
    return render(
        request,
        "billing/payroll.html",
        {
            "agency": agency,
            "staff_tab": "payroll",
            "form": form,
            "period": period,
            "rows": rows,
            "total": payroll.total_owed(rows),
            "hours": sum((row.hours for row in rows), payroll.ZERO),
            "query": request.GET.urlencode(),
            "disbursed": disbursed,
            "paid_form": paid_form,
        },
        status=status if form.is_valid() else 400,
    )


@require_POST
@policy.guard("payroll.view")
def payroll_paid(request, agency_slug: str):
    """Record the period's payroll as paid out (NOPD-FEE-1)."""
    agency = _agency(request, agency_slug)
    form = DisbursedForm(request.POST)
    if form.is_valid():
        try:
            record_disbursement(
                agency,
                _period(form, agency),
                paid_on=form.cleaned_data["paid_on"],
                actor=request.user,
            )
        except DomainError as error:
            if error.http_status == 403:
                raise
            attach_error(form, error)
            status = error.http_status
        else:
            query = urlencode(
                {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
            )
            return redirect(f"{reverse('billing-payroll', args=[agency.slug])}?{query}")
    else:
        status = 400
    request.GET = request.POST.copy()
    return payroll_page(request, agency_slug, paid_form=form, status=status)


@policy.guard("payroll.view")
def payroll_csv(request, agency_slug: str):
    return payroll_page(request, agency_slug, as_csv=True)


@policy.guard("payroll.view")
def ledger_page(request, agency_slug: str, as_csv: bool = False):
    """The admin-fee ledger of a year, month by month (this year unless one is asked for)."""
    agency = _agency(request, agency_slug)
    form = YearForm(request.GET if "year" in request.GET else {"year": _today(agency).year})
    found = None
    if form.is_valid():
        found = ledger.build(agency, form.cleaned_data["year"])
        if as_csv:
            return csv_response(
                f"fee-ledger-{agency.slug}-{found.year}.csv", ledger.HEADER, ledger.csv_rows(found)
            )
    return render(
        request,
        "billing/ledger.html",
        {
            "agency": agency,
            "staff_tab": "ledger",
            "form": form,
            "ledger": found,
            "query": request.GET.urlencode(),
        },
        status=200 if form.is_valid() else 400,
    )


@policy.guard("payroll.view")
def ledger_csv(request, agency_slug: str):
    return ledger_page(request, agency_slug, as_csv=True)

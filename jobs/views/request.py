"""Request a job: the form, its live quote, and the request itself (idempotent).

The shift rows are read by the quote page's formset (``agencies.quoteform``), the rest by
``jobs.forms.JobDetailsForm``; together they make the typed ``PricingInput`` and ``JobDetails``
that ``jobs.services.price_request`` and ``request_job`` take. Errors (the forms' and the
services') are shown next to the field they name."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import roles_of
from agencies.models import Agency
from agencies.pricing import card as c
from agencies.quoteform import MAX_SHIFTS, QUOTE_KEYS, FormErrors, QuoteForm, in_words
from agencies.ratecards import load_card
from customers.models import CustomerOrganization
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.limits import limit
from jobs import services
from jobs.forms import JobDetailsForm
from jobs.inputs import PricingInput, ShiftInput
from jobs.models import Job
from jobs.views.common import newcomers_to_start

# The fields of the request page (the quote form's and the details form's): an error naming
# one of them shows next to it; any other in "general".
KEYS = (
    *QUOTE_KEYS,
    "title",
    "category",
    "address",
    "site_contact_name",
    "site_contact_phone",
    "post_orders",
    "repeat_weeks",
    "preferred_officers",
    "organization",
    "general",
)
# The error lines the live preview refreshes: the priced fields and the category (the other
# fields are checked when the request is sent).
PREVIEW_KEYS = ("category", "repeat_weeks", "preferred_officers", "general", *QUOTE_KEYS)


def _organization(request) -> CustomerOrganization:
    ids = roles_of(request.user).organization_ids
    wanted = request.POST.get("organization") or request.GET.get("organization") or ""
    pk = int(wanted) if wanted.isdigit() and len(wanted) < 12 and int(wanted) in ids else ids[0]
    return get_object_or_404(CustomerOrganization, pk=pk)


def _typed(data) -> dict:
    """A post as a form's initial values (shown again as typed)."""
    return {
        name: data.getlist(name) if len(data.getlist(name)) > 1 else data.get(name) for name in data
    }


def _placeholder_category(card: c.RateCard) -> str:
    """A category to price with before the customer has chosen one (the price does not depend on
    the work category; only refusal and review do)."""
    allowed = [w for w in card.work_categories if not w.prohibited and not w.needs_review]
    return (allowed or [w for w in card.work_categories if not w.prohibited] or [None])[0].slug


class RequestPage:
    """The request form as posted: the quote form (shifts and the card's options), the details
    form, what they price to, and the errors of both and of the services."""

    def __init__(self, request, agency: Agency, card: c.RateCard, *, preview: bool = False):
        self.agency, self.card = agency, card
        self.organization = _organization(request)
        officers = services.preferred_officer_choices(organization=self.organization, agency=agency)
        self.errors = FormErrors(KEYS)
        self.now = timezone.now()
        if request.method == "GET":
            self.details = self.shown = JobDetailsForm(officers=officers)
            carried = "shift-0-date" in request.GET  # from the quote page's "Request this job"
            self.quote_form = (
                QuoteForm.from_post(request.GET) if carried else QuoteForm.initial(card, self.now)
            )
            self.details_ok = False
        else:
            self.details = self.shown = JobDetailsForm(request.POST, officers=officers)
            self.quote_form = QuoteForm.from_post(request.POST)
            self.details_ok = self.details.is_valid()
            if self.quote_form.rows_changed:  # only the rows changed: details as typed, unjudged
                self.shown = JobDetailsForm(initial=_typed(request.POST), officers=officers)
            if preview:
                self.errors.add_form(self.details, only=("repeat_weeks", "preferred_officers"))
            elif not self.quote_form.rows_changed:
                self.errors.add_form(self.details)
        self.pricing = self._pricing(quiet=request.method == "GET")
        self.priced = self._price(quiet=request.method == "GET")

    def _pricing(self, *, quiet: bool) -> PricingInput | None:
        shifts = self.quote_form.shift_formset(self.card, self.now)
        if not shifts.is_valid():
            if not quiet:
                for field, message in shifts.errors_by_field():
                    self.errors.add(field, message)
            return None
        cleaned = self.details.cleaned_data if self.details.is_bound else {}
        return PricingInput(
            agency=self.agency,
            category=cleaned.get("category") or _placeholder_category(self.card),
            shifts=tuple(ShiftInput(*values) for values in shifts.values()),
            repeat_weeks=cleaned.get("repeat_weeks") or 0,
            **self.quote_form.options(self.card),
        )

    def _price(self, *, quiet: bool):
        if self.pricing is None:
            return None
        try:
            return services.price_request(self.pricing, now=self.now, card=self.card)
        except DomainError as error:
            if not quiet:
                self.refuse(error)
            return None

    def refuse(self, error: DomainError) -> None:
        """A service's error, where it shows (on the details form's field when it names one)."""
        self.errors.add(error.field, str(error))
        shown, field = self.shown, error.field or ""
        if shown.is_bound and field in shown.fields and field not in shown.errors:
            shown.add_error(field, in_words(field, str(error)))

    def context(self, request, **extra) -> dict:
        card, details, priced = self.card, self.details, self.priced
        job_type = self.quote_form.job_type_of(card)
        picked = set(details.data.getlist("preferred_officers")) if details.is_bound else set()
        series_total = None
        if priced and len(priced.quotes) > 1:
            series_total = sum((q.total for q in priced.quotes), Decimal("0.00"))
        ids = roles_of(request.user).organization_ids
        rank_names = {r.code: r.name for r in card.ranks}
        context = {
            "agency": self.agency,
            "card": card,
            "organization": self.organization,
            "organizations": (
                CustomerOrganization.objects.filter(pk__in=ids) if len(ids) > 1 else []
            ),
            "form": self.quote_form,
            "details": self.shown,
            "rows": self.errors.shift_rows(self.quote_form),
            "errors": self.errors.fields,
            "preview_url": reverse("jobs:new-preview"),
            "quote": priced.quote if priced else None,
            "warnings": priced.warnings if priced else (),
            "requires_approval": priced.requires_approval if priced else False,
            "weeks": len(priced.quotes) if priced else 1,
            "series_total": series_total,
            "chosen_category": (details.data.get("category") if details.is_bound else "") or "",
            "categories": card.work_categories,
            "preferred": [
                {
                    "officer": o,
                    "rank": rank_names.get(o.rank, o.rank),
                    "checked": str(o.pk) in picked,
                }
                for o in details.officers
            ],
            "problem": self.errors.first(),
            "today": self.now.astimezone(ZoneInfo(card.time_zone)).date().isoformat(),
            "uses_tiers": bool(card.tiers) and (job_type is None or job_type.uses_tiers),
            "optional_add_ons": [a for a in card.add_ons if not a.automatic],
            "max_shifts": MAX_SHIFTS,
            "max_officers": limit("officers_per_shift"),
            "section": "new",
        }
        context.update(extra)
        return context


def _agency_and_card(slug: str) -> tuple[Agency, c.RateCard]:
    """The agency of a slug (an agency that does not exist, or a value that is not a slug: 404)."""
    if not slug_re.fullmatch(slug) or len(slug) > 100:
        raise Http404("No such agency.")
    agency = get_object_or_404(Agency, slug=slug)
    return agency, load_card(agency)


@require_http_methods(["GET", "POST"])
@newcomers_to_start
@policy.guard("job.request")
def job_new(request):
    """Request a job: the form, its live quote, and the request itself (idempotent)."""
    slug = request.POST.get("agency") or request.GET.get("agency") or ""
    if not slug:
        agencies = Agency.objects.order_by("name")
        return render(request, "jobs/pick_agency.html", {"agencies": agencies, "section": "new"})
    page = RequestPage(request, *_agency_and_card(slug))
    if request.method == "GET":
        return render(request, "jobs/new.html", page.context(request))
    if not page.quote_form.rows_changed and page.details_ok and page.priced and not page.errors:
        try:
            job = services.request_job(
                actor=request.user,
                organization=page.organization,
                pricing=page.pricing,
                details=page.details.job_details(),
            )
        except DomainError as error:
            page.refuse(error)
        else:
            if getattr(job, "replayed", False):
                messages.info(request, "This request was already sent: here it is.")
            else:
                messages.success(request, _sent_message(job))
            return redirect("jobs:detail", pk=job.pk)
    status = 400 if page.errors else 200
    return render(request, "jobs/new.html", page.context(request), status=status)


def _sent_message(job: Job) -> str:
    if job.series_id:
        return "Your weekly series is requested. The agency confirms each job here."
    if job.requires_approval:
        return "Your request is sent. A coordinator reviews it before it is scheduled."
    return "Your request is sent. The agency confirms it here."


@require_POST
@policy.guard("job.request")
def job_new_preview(request):
    """The htmx partial of the request form: the quote, the warnings, and out-of-band updates of
    the field errors (and the shift rows after "add shift" / "remove")."""
    slug = request.POST.get("agency", "")
    if not slug:
        return render(
            request, "jobs/_request_quote.html", {"quote": None, "problem": "Choose an agency."}
        )
    page = RequestPage(request, *_agency_and_card(slug), preview=True)
    context = page.context(
        request, oob=True, refreshed=page.errors.refreshed(page.quote_form, PREVIEW_KEYS)
    )
    return render(request, "jobs/_request_preview.html", context)

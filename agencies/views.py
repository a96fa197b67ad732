"""Public agency pages: the agency, its rates, and a live quote. Thin: read the current card,
ask the engine, render. Anyone can quote without an account (ODM-QUOTE-1)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from agencies import presentation
from agencies.models import Agency
from agencies.premium_words import combine_words, when_words
from agencies.pricing import card as c
from agencies.pricing.types import Quote, QuoteError, ShiftRequest
from agencies.quoteform import MAX_SHIFTS, FormErrors, QuoteForm
from agencies.ratecards import card_for_start, load_card, upcoming_cards
from detailhire.limits import limit, limits


def price(card: c.RateCard, form: QuoteForm, shifts, now: datetime) -> Quote:
    """Quote a valid form against the card in force on its first shift's date (``card`` is
    today's; a version published from a later date prices shifts from that date): its shift rows
    (aware times) and the card's options, checked against the card and the site's bounds (raises
    QuoteError naming the field)."""
    from agencies.pricing.engine import quote

    first = min((values[0] for values in shifts.values()), default=None)
    card = card_for_start(card, first)
    from agencies.pricing.wire import build_quote_request, check_bounds

    request = build_quote_request(
        card,
        requested_at=now,
        shifts=tuple(ShiftRequest(*values) for values in shifts.values()),
        **form.options(card),
    )
    check_bounds(request, limits(), now=now)
    return quote(card, request)


def _agency(slug: str) -> tuple[Agency, c.RateCard]:
    agency = get_object_or_404(Agency, slug=slug)
    return agency, load_card(agency)


def agency_detail(request, slug):
    agency, card = _agency(slug)
    context = {
        "agency": agency,
        "card": card,
        "tab": "detail",
        "payment": presentation.payment_words(card),
        "cancellation": presentation.cancellation_words(card),
        "notice": presentation.notice_words(card),
        "minimums": presentation.minimum_words(card),
        "tables": presentation.rate_tables(card),
    }
    return render(request, "agencies/detail.html", context)


def agency_rates(request, slug):
    agency, card = _agency(slug)
    year = timezone.now().astimezone(ZoneInfo(card.time_zone)).year
    sup = presentation.supervision(card)
    tables = presentation.rate_tables(card)
    singles = [table for table in tables if table.single]
    upcoming = [
        {
            "card": coming,
            "fee": presentation.fee_words(coming),
            "tables": [table for table in presentation.rate_tables(coming) if not table.single],
            "prefix": f"v{coming.version}-",
        }
        for coming in upcoming_cards(agency)
    ]
    context = {
        "upcoming": upcoming,
        "agency": agency,
        "card": card,
        "tab": "rates",
        "tables": [table for table in tables if not table.single],
        "singles": singles,
        "singles_example": any(table.example for table in singles),
        "fee": presentation.fee_words(card),
        "year": year,
        "holidays": presentation.holidays(card, year),
        "calendar_rules": [
            (rule.name, presentation.effect_words(card, rule.effect) + when_words(rule))
            for rule in card.calendar
        ],
        "premiums": combine_words(card),
        "notice": presentation.notice_words(card),
        "minimums": presentation.minimum_words(card),
        "supervision": sup,
        "cancellation": presentation.cancellation_words(card),
        "payment": presentation.payment_words(card),
        "hour_caps": presentation.hour_cap_words(card),
        "add_ons": [(a, presentation.add_on_when(a)) for a in card.add_ons],
        "categories": presentation.categories(card),
        "prohibited": [w for w in card.work_categories if w.prohibited],
        "review": [w for w in card.work_categories if w.needs_review and not w.prohibited],
        "rule_words": presentation.rule_words(card),
    }
    return render(request, "agencies/rates.html", context)


def _quote_context(request, agency: Agency, card: c.RateCard, form: QuoteForm) -> dict:
    now = timezone.now()
    quote = None
    errors = FormErrors()
    shifts = form.shift_formset(card, now)
    if not shifts.is_valid():
        for field, message in shifts.errors_by_field():
            errors.add(field, message)
    else:
        try:
            quote = price(card, form, shifts, now)
        except QuoteError as exc:
            errors.add(exc.field, exc.message)
    # "Request this job" opens the request form with this quote (after signing up, too).
    request_url = reverse("jobs:new") + "?" + urlencode([("agency", agency.slug), *form.as_query()])
    today = now.astimezone(ZoneInfo(card.time_zone)).date()
    job_type = form.job_type_of(card)
    return {
        "agency": agency,
        "card": card,
        "form": form,
        "quote": quote,
        "errors": errors.fields,
        "problem": errors.first(),
        "refreshed": errors.refreshed(form),
        "rows": errors.shift_rows(form),
        "preview_url": reverse("agencies:quote-preview", args=[agency.slug]),
        "max_shifts": MAX_SHIFTS,
        "tab": "quote",
        "today": today.isoformat(),
        "uses_tiers": bool(card.tiers) and (job_type is None or job_type.uses_tiers),
        "untiered_job_types": [j for j in card.job_types if not j.uses_tiers] if card.tiers else [],
        "tiered_job_types": [j for j in card.job_types if j.uses_tiers],
        "optional_add_ons": [a for a in card.add_ons if not a.automatic],
        "max_officers": limit("officers_per_shift"),
        "request_url": request_url,
        "signup_url": reverse("account_signup") + "?" + urlencode({"next": request_url}),
    }


@require_http_methods(["GET", "POST"])
def agency_quote(request, slug):
    """The quote page. GET shows a first quote; a plain POST (no JavaScript) recalculates."""
    agency, card = _agency(slug)
    if request.method == "POST":
        form = QuoteForm.from_post(request.POST)
    else:
        form = QuoteForm.initial(card, timezone.now())
    context = _quote_context(request, agency, card, form)
    return render(request, "agencies/quote.html", context)


@require_POST
def agency_quote_preview(request, slug):
    """The htmx partial: the itemized quote, and out-of-band updates of the field errors (and of
    the shift rows after "add shift" / "remove")."""
    agency, card = _agency(slug)
    form = QuoteForm.from_post(request.POST)
    context = _quote_context(request, agency, card, form)
    return render(request, "agencies/_quote_preview.html", context)

"""Customer pages: create or join an organization, request a job with a live quote, my jobs, the
job page (with the coordinator's approve and deny), and cancel or reduce with the charge shown
before confirming.

Thin views: read the form, call a ``jobs.services`` function, render. Prices, charges and
deadlines come from the services (which call the pricing engine); tenancy comes from the scoped
managers (``Job.objects``: another organization's job is a 404).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import roles_of
from agencies.formatting import money
from agencies.models import Agency
from agencies.pricing import card as c
from agencies.pricing.types import QuoteError
from agencies.pricing.wire import charge_to_data, quote_to_data
from agencies.quoteform import MAX_SHIFTS, QuoteForm
from agencies.views import in_words, load_card
from detailhire.errors import DomainError
from jobs import services
from jobs.api import job_queryset
from jobs.forms import (
    CancelForm,
    DenyForm,
    JobDetailsForm,
    JoinForm,
    OrganizationForm,
    attach_error,
)
from jobs.models import CustomerOrganization, Job, Shift
from jobs.serializers import HOLDING_STATES
from jobs.services import organizations
from jobs.services.lifecycle import ACTIVE_STATES

# --- who may see what ----------------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _start_url(next_url: str) -> str:
    return reverse("jobs:org-start") + "?" + urlencode({"next": next_url})


def _customer_or_staff(request):
    """The caller's roles when they are a customer or agency staff. A user with no role is sent
    to "Create or join an organization" (``None`` returned: redirect); an officer gets 403."""
    roles = roles_of(request.user)
    if roles.is_customer or roles.staff_agency_ids:
        return roles
    if roles.officer_id is not None:
        raise PermissionDenied("These pages are for customers and agency staff.")
    return None


# --- organizations -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def org_start(request):
    """Create or join an organization (where a new customer lands after signing up)."""
    roles = roles_of(request.user)
    if roles.is_agency_member:
        raise PermissionDenied("Agency staff and officers do not book details.")
    next_url = _safe_next(request, reverse("jobs:list"))
    if roles.is_customer and request.method == "GET" and "another" not in request.GET:
        return redirect(next_url)
    create = OrganizationForm(prefix="org")
    join = JoinForm(prefix="join")
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "join":
        join = JoinForm(request.POST, prefix="join")
        if join.is_valid():
            try:
                org = organizations.join_organization(
                    actor=request.user, code=join.cleaned_data["code"]
                )
            except DomainError as error:
                attach_error(join, error)
            else:
                messages.success(request, f"You joined {org.name}.")
                return redirect(next_url)
    elif request.method == "POST":
        create = OrganizationForm(request.POST, prefix="org")
        if create.is_valid():
            try:
                org = organizations.create_organization(actor=request.user, **create.cleaned_data)
            except DomainError as error:
                attach_error(create, error)
            else:
                messages.success(request, f"{org.name} is set up. You can request officers now.")
                return redirect(next_url)
    context = {"create": create, "join": join, "next": next_url, "section": "org"}
    status = 400 if request.method == "POST" else 200
    return render(request, "customers/org_start.html", context, status=status)


@login_required
def org_detail(request):
    """The caller's organizations: details, members and the join code to share."""
    roles = roles_of(request.user)
    if not roles.is_customer:
        if roles.is_agency_member:
            raise PermissionDenied("This page is for customers.")
        return redirect(_start_url(request.get_full_path()))
    orgs = (
        CustomerOrganization.objects.filter(pk__in=roles.organization_ids)
        .prefetch_related("members__user")
        .order_by("name")
    )
    rows = [{"org": org, "code": organizations.join_code(org)} for org in orgs]
    return render(request, "customers/org_detail.html", {"rows": rows, "section": "org"})


@login_required
@require_POST
def org_renew_code(request, pk: int):
    """A member replaces the organization's join code; the old one stops working."""
    organization = get_object_or_404(CustomerOrganization.objects, pk=pk)  # others': 404
    organizations.renew_join_code(actor=request.user, organization=organization)
    messages.success(
        request,
        f"{organization.name} has a new join code. The old one no longer works; "
        "everyone who already joined stays a member.",
    )
    return redirect("jobs:org")


# --- my jobs -------------------------------------------------------------------------------------

TABS = {"upcoming": "Upcoming", "past": "Past"}
PAGE_SIZE = 25


def list_queryset():
    """Jobs with what the list shows: a constant number of queries whatever the numbers of jobs,
    shifts and officers."""
    return Job.objects.select_related("agency", "organization").prefetch_related(
        Prefetch("shifts", queryset=Shift.objects.filter(cancelled=False).order_by("starts_at"))
    )


@login_required
def job_list(request):
    roles = _customer_or_staff(request)
    if roles is None:
        return redirect(_start_url(request.get_full_path()))
    tab = request.GET.get("tab", "upcoming")
    tab = tab if tab in TABS else "upcoming"
    status = request.GET.get("status", "")
    status = status if status in Job.Status.values else ""
    text = request.GET.get("q", "").strip()[:100]
    now = timezone.now()
    jobs = list_queryset()
    if tab == "upcoming":
        jobs = jobs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    else:
        jobs = jobs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if status:
        jobs = jobs.filter(status=status)
    if text:
        jobs = jobs.filter(Q(title__icontains=text) | Q(address__icontains=text))
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_list_row(job) for job in page.object_list]
    query = {k: v for k, v in (("tab", tab), ("status", status), ("q", text)) if v}
    context = {
        "rows": rows,
        "page": page,
        "tab": tab,
        "tabs": [
            {"code": code, "name": name, "query": urlencode({**query, "tab": code})}
            for code, name in TABS.items()
        ],
        "status": status,
        "statuses": Job.Status.choices,
        "q": text,
        "query": urlencode(query),
        "is_staff": bool(roles.staff_agency_ids),
        "section": "jobs",
    }
    return render(request, "jobs/list.html", context)


def _list_row(job: Job) -> dict:
    shifts = list(job.shifts.all())
    return {
        "job": job,
        "first": shifts[0] if shifts else None,
        "more": max(len(shifts) - 1, 0),
        "officers": max((s.officers + s.supervisors for s in shifts), default=0),
        "tz": job.agency.time_zone,
    }


# --- request a job -------------------------------------------------------------------------------

# Where a priced field's error shows: the request field -> the key of ``errors`` in the template.
PRICED_KEYS = ("rank", "tier", "job_type", "add_ons", "shifts", "requested_at")
DETAIL_KEYS = (
    "title",
    "category",
    "address",
    "site_contact_name",
    "site_contact_phone",
    "post_orders",
    "repeat_weeks",
    "preferred_officers",
    "organization",
)
SHIFT_PARTS = {"date": "date", "starts_at": "start", "ends_at": "end", "officers": "officers"}


def _error_key(field: str | None) -> tuple[int | None, str]:
    """ "shifts[1].ends_at" -> (1, "end"); "title" -> (None, "title"); unknown -> "general"."""
    field = field or ""
    if field.startswith("shifts[") and "]" in field:
        index = field[len("shifts[") : field.index("]")]
        part = field.rsplit(".", 1)[-1] if "." in field else ""
        if index.isdigit():
            return int(index), SHIFT_PARTS.get(part, "general")
    key = field.split(".", 1)[0].split("[", 1)[0]
    if key in PRICED_KEYS or key in DETAIL_KEYS:
        return None, key
    return None, "general"


class Errors:
    """Field errors of the request page, by key, and per shift row."""

    def __init__(self):
        self.fields: dict[str, str] = {}
        self.rows: dict[int, dict[str, str]] = {}

    def add(self, field: str | None, message: str) -> None:
        row, key = _error_key(field)
        if row is not None:
            self.rows.setdefault(row, {}).setdefault(key, message)
        else:
            self.fields.setdefault(key, message)

    def __bool__(self) -> bool:
        return bool(self.fields or self.rows)


def _sentence(field: str | None, message: str) -> str:
    return in_words(field or "", message)


def _first_problem(errors: Errors) -> str:
    for message in errors.fields.values():
        return message
    for row in errors.rows.values():
        for message in row.values():
            return message
    return ""


def _agency_and_card(slug: str) -> tuple[Agency, c.RateCard]:
    agency = get_object_or_404(Agency, slug=slug)
    return agency, load_card(agency)


def _organization(request, roles) -> CustomerOrganization:
    ids = roles.organization_ids
    wanted = request.POST.get("organization") or request.GET.get("organization") or ""
    pk = int(wanted) if wanted.isdigit() and int(wanted) in ids else ids[0]
    return get_object_or_404(CustomerOrganization, pk=pk)


def _placeholder_category(card: c.RateCard) -> str:
    """A category to price with before the customer has chosen one (the price does not depend on
    the work category; only refusal and review do)."""
    allowed = [w for w in card.work_categories if not w.prohibited and not w.needs_review]
    return (allowed or [w for w in card.work_categories if not w.prohibited] or [None])[0].slug


def _price(agency, card, quote_form: QuoteForm, category: str, repeat_weeks, errors: Errors):
    """Price the form through the same wire parser as the quote page (``price_request``); fill
    ``errors`` and return None when it cannot be priced."""
    try:
        data = quote_form.to_request_data(card)
    except QuoteError as error:
        errors.add(error.field, _sentence(error.field, error.message))
        return None
    chosen = category or _placeholder_category(card)
    try:
        return services.price_request(
            agency=agency,
            category=chosen,
            shifts=data["shifts"],
            rank=data.get("rank"),
            tier=data.get("tier"),
            job_type=data.get("job_type") or "hourly",
            add_ons=data.get("add_ons", ()),
            repeat_weeks=repeat_weeks or 0,
            card=card,
        )
    except DomainError as error:
        errors.add(error.field, _sentence(error.field, str(error)))
        return None


def _request_context(request, agency, card, org, quote_form, details, errors, priced):
    tz = ZoneInfo(card.time_zone)
    today = timezone.now().astimezone(tz).date()
    job_type = quote_form.job_type_of(card)
    chosen_category = (details.data.get("category") if details.is_bound else "") or ""
    officers = details.officers
    picked = set(details.data.getlist("preferred_officers")) if details.is_bound else set()
    rows = [
        {"index": i, "row": row, "errors": errors.rows.get(i, {})}
        for i, row in enumerate(quote_form.shifts)
    ]
    quote = priced.quote if priced else None
    series_total = None
    if priced and len(priced.quotes) > 1:
        series_total = sum((q.total for q in priced.quotes), Decimal("0.00"))
    roles = roles_of(request.user)
    rank_names = {r.code: r.name for r in card.ranks}
    return {
        "agency": agency,
        "card": card,
        "organization": org,
        "organizations": (
            CustomerOrganization.objects.filter(pk__in=roles.organization_ids)
            if len(roles.organization_ids) > 1
            else []
        ),
        "form": quote_form,
        "details": details,
        "rows": rows,
        "errors": errors.fields,
        "error_rows": errors.rows,
        "quote": quote,
        "warnings": priced.warnings if priced else (),
        "requires_approval": priced.requires_approval if priced else False,
        "weeks": len(priced.quotes) if priced else 1,
        "series_total": series_total,
        "chosen_category": chosen_category,
        "categories": card.work_categories,
        "preferred": [
            {"officer": o, "rank": rank_names.get(o.rank, o.rank), "checked": str(o.pk) in picked}
            for o in officers
        ],
        "problem": _first_problem(errors),
        "today": today.isoformat(),
        "uses_tiers": bool(card.tiers) and (job_type is None or job_type.uses_tiers),
        "optional_add_ons": [a for a in card.add_ons if not a.automatic],
        "max_shifts": MAX_SHIFTS,
        "section": "new",
    }


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request):
    """Request a job: the form, its live quote, and the request itself (idempotent)."""
    roles = _customer_or_staff(request)
    if roles is None:
        return redirect(_start_url(request.get_full_path()))
    if not roles.is_customer:
        raise PermissionDenied("Only customers request jobs.")
    slug = request.POST.get("agency") or request.GET.get("agency") or ""
    if not slug:
        agencies = Agency.objects.order_by("name")
        return render(request, "jobs/pick_agency.html", {"agencies": agencies, "section": "new"})
    agency, card = _agency_and_card(slug)
    org = _organization(request, roles)
    officers = services.preferred_officer_choices(organization=org, agency=agency)
    errors = Errors()
    if request.method == "GET":
        details = JobDetailsForm(officers=officers)
        quote_form = QuoteForm.initial(card, timezone.now())
        priced = _price(agency, card, quote_form, "", 0, Errors())
        context = _request_context(request, agency, card, org, quote_form, details, errors, priced)
        return render(request, "jobs/new.html", context)

    details = JobDetailsForm(request.POST, officers=officers)
    quote_form = QuoteForm.from_post(request.POST)
    category = request.POST.get("category", "").strip()
    repeat = request.POST.get("repeat_weeks", "").strip()
    priced = _price(agency, card, quote_form, category, repeat, errors)
    if not quote_form.rows_changed:
        valid = details.is_valid()
        for name, messages_ in details.errors.items():
            errors.add(name if name != "__all__" else "", messages_[0])
        if valid and priced is not None and not errors:
            data = quote_form.to_request_data(card)
            try:
                job = services.request_job(
                    actor=request.user,
                    organization=org,
                    agency=agency,
                    title=details.cleaned_data["title"],
                    category=category,
                    address=details.cleaned_data["address"],
                    shifts=data["shifts"],
                    rank=data.get("rank"),
                    tier=data.get("tier"),
                    job_type=data.get("job_type") or "hourly",
                    add_ons=data.get("add_ons", ()),
                    post_orders=details.cleaned_data["post_orders"],
                    site_contact_name=details.cleaned_data["site_contact_name"],
                    site_contact_phone=details.cleaned_data["site_contact_phone"],
                    preferred_officer_ids=details.cleaned_data["preferred_officers"],
                    repeat_weeks=details.cleaned_data["repeat_weeks"] or 0,
                    idempotency_key=details.cleaned_data["idempotency_key"],
                )
            except DomainError as error:
                errors.add(error.field, _sentence(error.field, str(error)))
            else:
                if getattr(job, "replayed", False):
                    messages.info(request, "This request was already sent: here it is.")
                else:
                    messages.success(request, _sent_message(job))
                return redirect("jobs:detail", pk=job.pk)
    context = _request_context(request, agency, card, org, quote_form, details, errors, priced)
    status = 400 if errors else 200
    return render(request, "jobs/new.html", context, status=status)


def _sent_message(job: Job) -> str:
    if job.series_id:
        return "Your weekly series is requested. The agency confirms each job here."
    if job.requires_approval:
        return "Your request is sent. A coordinator reviews it before it is scheduled."
    return "Your request is sent. The agency confirms it here."


@login_required
@require_POST
def job_new_preview(request):
    """The htmx partial of the request form: the quote, the warnings, and out-of-band updates of
    the field errors (and the shift rows after "add shift" / "remove")."""
    roles = _customer_or_staff(request)
    if roles is None or not roles.is_customer:
        raise PermissionDenied("Only customers request jobs.")
    slug = request.POST.get("agency", "")
    if not slug:
        return render(
            request, "jobs/_request_quote.html", {"quote": None, "problem": "Choose an agency."}
        )
    agency, card = _agency_and_card(slug)
    org = _organization(request, roles)
    officers = services.preferred_officer_choices(organization=org, agency=agency)
    details = JobDetailsForm(request.POST, officers=officers)
    quote_form = QuoteForm.from_post(request.POST)
    errors = Errors()
    category = request.POST.get("category", "").strip()
    priced = _price(
        agency, card, quote_form, category, request.POST.get("repeat_weeks", "").strip(), errors
    )
    context = _request_context(request, agency, card, org, quote_form, details, errors, priced)
    context["oob"] = True
    context["oob_errors"] = _oob_errors(errors, quote_form)
    return render(request, "jobs/_request_preview.html", context)


# The error slots the live preview refreshes: the priced fields and the category (the other
# fields are checked when the request is sent).
PREVIEW_KEYS = ("category", "repeat_weeks", "preferred_officers", "general", *PRICED_KEYS)


def _oob_errors(errors: Errors, quote_form: QuoteForm) -> list[tuple[str, str]]:
    slots = [(key, errors.fields.get(key, "")) for key in PREVIEW_KEYS]
    if not quote_form.rows_changed:  # otherwise the redrawn rows carry their own slots
        for index in range(len(quote_form.shifts)):
            row = errors.rows.get(index, {})
            slots += [
                (f"shift-{index}-{part}", row.get(part, ""))
                for part in ("date", "start", "end", "officers", "general")
            ]
    return slots


# --- the job page --------------------------------------------------------------------------------


def _rank_names(job: Job) -> dict[str, str]:
    return {r.get("code"): r.get("name") for r in (job.card_snapshot or {}).get("ranks", [])}


def _shift_rows(job: Job, tz: str) -> list[dict]:
    names = _rank_names(job)
    rows = []
    for shift in job.shifts.all():
        positions = []
        for position in shift.positions.all():
            held = [a for a in position.assignments.all() if a.state in HOLDING_STATES]
            positions.append(
                {
                    "position": position,
                    "rank_name": names.get(position.required_rank, position.required_rank),
                    "assignment": held[0] if held else None,
                    "officer_rank": (
                        names.get(held[0].officer.rank, held[0].officer.rank) if held else ""
                    ),
                }
            )
        rows.append(
            {
                "shift": shift,
                "positions": positions,
                "filled": sum(1 for p in positions if p["assignment"]),
            }
        )
    return rows


def _job_context(request, job: Job, roles, **extra) -> dict:
    tz = job.agency.time_zone
    shifts = _shift_rows(job, tz)
    assignments = [p["assignment"] for s in shifts for p in s["positions"] if p["assignment"]]
    responsible = [a for a in assignments if a.responsible]
    changes = list(job.changes.all())
    charges = sum((ch.charge_total for ch in changes), Decimal("0.00"))
    coordinator = None
    if job.coordinator is not None:
        line = next(
            (
                m.phone
                for m in job.coordinator.staff_memberships.all()
                if m.agency_id == job.agency_id and m.phone
            ),
            "",
        )
        coordinator = {"user": job.coordinator, "phone": line or job.coordinator.phone}
    is_staff = job.agency_id in roles.staff_agency_ids
    context = {
        "job": job,
        "steps": _steps(job),
        "rank_name": _rank_names(job).get(job.rank, job.rank),
        "agency": job.agency,
        "tz": tz,
        "shifts": shifts,
        "attendance": [a for a in assignments if a.checked_in_at or a.checked_out_at],
        "responsible": responsible,
        "coordinator": coordinator,
        "timeline": list(job.audit.all()),
        "changes": changes,
        "charges": charges,
        "currency": (job.quote or {}).get("currency", job.agency.currency),
        "quote": job.quote or {},
        "preferred": list(job.preferred_officers.all()),
        "is_staff": is_staff,
        "can_cancel": job.status in ACTIVE_STATES,
        "can_decide": is_staff and job.status == Job.Status.REQUESTED,
        "deny_form": DenyForm(),
        "section": "jobs",
    }
    context.update(extra)
    return context


STEPS = (
    Job.Status.REQUESTED,
    Job.Status.APPROVED,
    Job.Status.FILLED,
    Job.Status.IN_PROGRESS,
    Job.Status.COMPLETED,
)


def _steps(job: Job) -> list[dict]:
    """The lifecycle as steps, each done, current or to come (none for a denied or cancelled
    job: the page says so instead)."""
    if job.status not in STEPS:
        return []
    here = STEPS.index(job.status)
    return [
        {"label": step.label, "state": "done" if k < here else "current" if k == here else "todo"}
        for k, step in enumerate(STEPS)
    ]


def _visible_job(request, pk: int, *, detail: bool = False) -> tuple[Job, object]:
    roles = _customer_or_staff(request)
    if roles is None:  # a user with no role sees no job (their scope is empty)
        raise Http404("No such job.")
    queryset = job_queryset(detail=True) if detail else Job.objects.select_related("agency")
    return get_object_or_404(queryset, pk=pk), roles


@login_required
def job_detail(request, pk: int):
    job, roles = _visible_job(request, pk, detail=True)
    return render(request, "jobs/detail.html", _job_context(request, job, roles))


@login_required
@require_POST
def job_approve(request, pk: int):
    job, roles = _visible_job(request, pk)
    if job.agency_id not in roles.staff_agency_ids:
        raise PermissionDenied("Only the agency's coordinators approve jobs.")
    try:
        services.approve_job(job, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Approved: the positions are posted to officers.")
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def job_deny(request, pk: int):
    job, roles = _visible_job(request, pk)
    if job.agency_id not in roles.staff_agency_ids:
        raise PermissionDenied("Only the agency's coordinators deny jobs.")
    form = DenyForm(request.POST)
    if form.is_valid():
        try:
            services.deny_job(job, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            attach_error(form, error, fallback="reason")
        else:
            messages.success(request, "Denied: the customer sees your reason.")
            return redirect("jobs:detail", pk=job.pk)
    full = job_queryset(detail=True).get(pk=job.pk)
    context = _job_context(request, full, roles, deny_form=form)
    return render(request, "jobs/detail.html", context, status=400)


# --- cancel or reduce ----------------------------------------------------------------------------


def _reduce_rows(job: Job, tz: ZoneInfo, data=None) -> list[dict]:
    rows = []
    for shift in job.shifts.all():
        if shift.cancelled:
            continue
        end = shift.ends_at.astimezone(tz)
        key = f"reduce-{shift.index}"
        rows.append(
            {
                "shift": shift,
                "key": key,
                "officers": (data or {}).get(f"{key}-officers", str(shift.officers)),
                "end": (data or {}).get(f"{key}-end", end.strftime("%H:%M")),
                "errors": {},
            }
        )
    return rows


def _reduction_changes(rows: list[dict], tz: ZoneInfo) -> list[dict] | None:
    """The service's change list from the reduce rows; None (with row errors) when a row cannot
    be read."""
    changes, ok = [], True
    for row in rows:
        shift = row["shift"]
        officers = row["officers"].strip()
        if not officers.isdigit():
            row["errors"]["officers"] = "Officers: enter the number of officers as a number."
            ok = False
            continue
        try:
            end_time = time.fromisoformat(row["end"].strip())
        except ValueError:
            row["errors"]["end"] = "End: enter the end time like 21:00."
            ok = False
            continue
        start = shift.starts_at.astimezone(tz)
        end_day = start.date() + timedelta(days=1) if end_time <= start.time() else start.date()
        ends_at = datetime.combine(end_day, end_time)
        changes.append(
            {"index": shift.index, "officers": int(officers), "ends_at": ends_at.isoformat()}
        )
    return changes if ok else None


def _place_reduce_error(rows, error: DomainError) -> bool:
    field = error.field or ""
    if field.startswith("shifts[") and "]" in field:
        k = field[len("shifts[") : field.index("]")]
        if k.isdigit() and int(k) < len(rows):
            part = field.rsplit(".", 1)[-1]
            key = {"officers": "officers", "ends_at": "end"}.get(part, "officers")
            rows[int(k)]["errors"][key] = str(error)
            return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def job_cancel(request, pk: int):
    """Cancel or reduce: the charge (the services' preview, priced by the engine from the job's
    card snapshot) is on the page before the customer confirms."""
    job, roles = _visible_job(request, pk, detail=True)
    tz = ZoneInfo(job.agency.time_zone)
    is_staff = job.agency_id in roles.staff_agency_ids
    if job.status not in ACTIVE_STATES:
        messages.error(
            request, f"This job is {job.get_status_display().lower()}: it cannot be changed now."
        )
        return redirect("jobs:detail", pk=job.pk)
    action = request.POST.get("action", "")
    cancel_form = CancelForm(request.POST if action == "cancel" else None, prefix="cancel")
    reduce_form = CancelForm(
        request.POST if action in ("reduce", "preview_reduce") else None, prefix="reduce"
    )
    rows = _reduce_rows(job, tz, request.POST if action in ("reduce", "preview_reduce") else None)
    reduction = None
    problem = ""
    status = 200
    try:
        charge = services.preview_cancellation(job, actor=request.user)
        police_charge = (
            services.preview_cancellation(job, actor=request.user, police_necessity=True)
            if is_staff
            else None
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("jobs:detail", pk=job.pk)

    if action == "cancel":
        if cancel_form.is_valid():
            police = bool(cancel_form.cleaned_data["police_necessity"])
            expected = cancel_form.cleaned_data["expected_total"]
            if police and not is_staff:
                cancel_form.add_error(
                    None,
                    "Only the agency can cancel for police necessity or extraordinary "
                    "circumstances.",
                )
            elif not police and expected is not None and expected != charge.total:
                problem = (
                    f"The charge is now {money(charge.total, charge.currency)} (it changed since "
                    "the page was opened): check it and confirm again."
                )
            else:
                try:
                    change = services.cancel_job(
                        job,
                        actor=request.user,
                        reason=cancel_form.cleaned_data["reason"],
                        police_necessity=police,
                    )
                except DomainError as error:
                    attach_error(cancel_form, error, fallback="reason")
                else:
                    total = money(change.charge_total, charge.currency)
                    note = " Any advance payment is refunded in full." if change.refund_due else ""
                    messages.success(request, f"The job is cancelled. Charge: {total}.{note}")
                    return redirect("jobs:detail", pk=job.pk)
        status = 400
    elif action in ("preview_reduce", "reduce"):
        changes = _reduction_changes(rows, tz)
        if changes is not None:
            try:
                reduction = services.preview_reduction(job, actor=request.user, shifts=changes)
            except DomainError as error:
                if not _place_reduce_error(rows, error):
                    problem = str(error)
            seen = request.POST.get("reduce_expected", "")
            if reduction is not None and action == "reduce" and seen != _reduce_key(reduction):
                problem = "The charge is different from the one shown: check it and confirm again."
            elif reduction is not None and action == "reduce" and reduce_form.is_valid():
                try:
                    change = services.reduce_job(
                        job,
                        actor=request.user,
                        shifts=changes,
                        reason=reduce_form.cleaned_data["reason"],
                    )
                except DomainError as error:
                    if not _place_reduce_error(rows, error):
                        attach_error(reduce_form, error, fallback="reason")
                else:
                    total = money(change.charge_total, charge.currency)
                    new = money(change.new_total, charge.currency)
                    messages.success(
                        request, f"The job is reduced. New price {new}; charge {total}."
                    )
                    return redirect("jobs:detail", pk=job.pk)
        if action == "reduce" or reduction is None:
            status = 400
    if action != "cancel":
        cancel_form = CancelForm(prefix="cancel", initial={"expected_total": charge.total})
    context = {
        "job": job,
        "agency": job.agency,
        "tz": job.agency.time_zone,
        "currency": charge.currency,
        "charge": charge_to_data(charge),
        "police_charge": charge_to_data(police_charge) if police_charge else None,
        "cancel_form": cancel_form,
        "reduce_form": reduce_form,
        "rows": rows,
        "reduction": (
            {
                "charge": charge_to_data(reduction.charge),
                "quote": quote_to_data(reduction.quote),
                "key": _reduce_key(reduction),
            }
            if reduction
            else None
        ),
        "problem": problem,
        "is_staff": is_staff,
        "action": action,
        "section": "jobs",
    }
    return render(request, "jobs/cancel.html", context, status=status)


def _reduce_key(reduction) -> str:
    """What the customer saw before confirming: the charge and the new price."""
    return f"{reduction.charge.total}/{reduction.quote.total}"

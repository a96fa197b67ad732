"""The agency admin's pages: the admin home and the rate-card editor (draft, preview, publish,
history, JSON export and import). Thin: forms read the input, ``agencies.cardeditor`` decides.

Every page is the agency admin's: another agency's admin gets 404 (the agency is loaded only
among the user's own), a coordinator of the agency 403 (``agency.manage``)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import roles_of
from agencies import cardeditor, ratecards
from agencies.cardforms import SECTIONS
from agencies.draftforms import ImportForm, PublishForm, SampleFormSet, sample_initial
from agencies.logo_form import LogoForm
from agencies.models import Agency
from agencies.pricing.validate import DocumentError
from agencies.profile import update_profile
from agencies.profileforms import ProfileForm, StaffInviteForm
from agencies.staff import StaffInvitation, invite_staff, remove_staff, roster
from detailhire import policy
from detailhire.errors import DomainError


def _agency(request, agency_slug: str) -> Agency:
    ids = roles_of(request.user).staff_agency_ids
    agency = get_object_or_404(Agency, slug=agency_slug, pk__in=ids)
    policy.require(request.user, "agency.manage", agency)
    return agency


def _context(agency: Agency, tab: str, **more) -> dict:
    return {"agency": agency, "manage_tab": tab, **more}


@require_http_methods(["GET"])
@policy.guard("agency.manage")
def admin_entry(request):
    """The admin home of the user's agency (the first by name when they administer several)."""
    ids = roles_of(request.user).admin_agency_ids
    agency = Agency.objects.filter(pk__in=ids).order_by("name").first()
    if agency is None:
        raise Http404("Not found.")
    return redirect("agencies:manage", agency_slug=agency.slug)


@require_http_methods(["GET"])
@policy.guard("agency.manage")
def home(request, agency_slug):
    agency = _agency(request, agency_slug)
    context = _context(
        agency,
        "home",
        card=ratecards.load_card(agency),
        draft=cardeditor.draft_of(agency),
        versions=cardeditor.versions(agency)[:3],
    )
    return render(request, "agencies/manage/home.html", context)


@require_http_methods(["GET"])
@policy.guard("agency.manage")
def card_versions(request, agency_slug):
    agency = _agency(request, agency_slug)
    today = cardeditor.local_today(agency)
    rows = cardeditor.versions(agency)
    in_force = ratecards.load_card(agency).version
    context = _context(
        agency,
        "card",
        versions=rows,
        in_force=in_force,
        today=today,
        draft=cardeditor.draft_of(agency),
    )
    return render(request, "agencies/manage/versions.html", context)


@require_http_methods(["GET"])
@policy.guard("agency.manage")
def card_export(request, agency_slug, version):
    agency = _agency(request, agency_slug)
    try:
        document = cardeditor.export(agency, version)
    except ratecards.NoRateCard:
        return render(request, "404.html", status=404)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "sort_keys": True})
    response["Content-Disposition"] = f'attachment; filename="{agency.slug}-v{version}.json"'
    return response


@require_POST
@policy.guard("agency.manage")
def draft_start(request, agency_slug):
    agency = _agency(request, agency_slug)
    try:
        cardeditor.start_draft(agency, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("agencies:manage-card", agency_slug=agency.slug)
    return redirect("agencies:manage-draft", agency_slug=agency.slug)


def _sections(card, data=None, only: str | None = None) -> list:
    return [
        cls(card, data if key == only else None, prefix=key)
        for key, cls in SECTIONS.items()
        if cls(card).fields
    ]


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
def draft(request, agency_slug):
    """The draft: one form per part of the card; a POST saves one part (the button's section)."""
    agency = _agency(request, agency_slug)
    found = cardeditor.draft_of(agency)
    if found is None:
        return redirect("agencies:manage-card", agency_slug=agency.slug)
    card = cardeditor.card_of(found)
    status = 200
    section = request.POST.get("section") if request.method == "POST" else None
    if section is not None and section not in SECTIONS:
        section = None
        status = 400
    sections = _sections(card, request.POST, section)
    if section is not None:
        form = next(f for f in sections if f.key == section)
        if form.is_valid():
            try:
                cardeditor.save_draft(agency, form.apply(card), actor=request.user)
            except DocumentError as error:
                form.place_error(error)
            else:
                messages.success(request, f"{form.title}: saved in the draft.")
                return redirect(f"{request.path}#{form.key}")
        status = 400
    context = _context(
        agency,
        "card",
        draft=found,
        card=card,
        sections=sections,
        publish=PublishForm(),
    )
    return render(request, "agencies/manage/draft.html", context, status=status)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
def draft_preview(request, agency_slug):
    """The sample requests priced by the version in force and by the draft, side by side; a POST
    saves an edited set of samples."""
    agency = _agency(request, agency_slug)
    found = cardeditor.draft_of(agency)
    if found is None:
        return redirect("agencies:manage-card", agency_slug=agency.slug)
    card = cardeditor.card_of(found)
    samples = cardeditor.samples_of(found)
    status = 200
    if request.method == "POST":
        formset = SampleFormSet(request.POST, prefix="samples")
        if formset.is_valid():
            chosen = [
                form.sample()
                for form in formset.forms
                if form.has_changed() and not form.cleaned_data.get("DELETE")
            ]
            cardeditor.save_samples(agency, chosen, actor=request.user)
            messages.success(request, "Samples saved.")
            return redirect("agencies:manage-preview", agency_slug=agency.slug)
        status = 400
    else:
        formset = SampleFormSet(initial=sample_initial(samples), prefix="samples")
    context = _context(
        agency,
        "card",
        draft=found,
        card=card,
        rows=cardeditor.preview(agency, card, samples),
        formset=formset,
        publish=PublishForm(),
    )
    return render(request, "agencies/manage/preview.html", context, status=status)


@require_POST
@policy.guard("agency.manage")
def draft_publish(request, agency_slug):
    agency = _agency(request, agency_slug)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            stored = cardeditor.publish(
                agency, form.cleaned_data["effective_from"], actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"Version {stored.version} published, in force from "
                f"{stored.effective_from:%B %-d, %Y}.",
            )
            return redirect("agencies:manage-card", agency_slug=agency.slug)
    found = cardeditor.draft_of(agency)
    if found is None:
        return redirect("agencies:manage-card", agency_slug=agency.slug)
    card = cardeditor.card_of(found)
    context = _context(
        agency,
        "card",
        draft=found,
        card=card,
        sections=_sections(card),
        publish=form,
    )
    return render(request, "agencies/manage/draft.html", context, status=400)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
def draft_import(request, agency_slug):
    agency = _agency(request, agency_slug)
    if request.method == "GET":
        context = _context(agency, "card", importer=ImportForm(), draft=cardeditor.draft_of(agency))
        return render(request, "agencies/manage/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = json.loads(form.cleaned_data["document"].read().decode("utf-8"))
            cardeditor.import_into_draft(agency, data, actor=request.user)
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("document", "The file is not JSON.")
        except DocumentError as error:
            form.add_error("document", f"Not imported: {error.path}: {error.message}.")
        except DomainError as error:
            form.add_error("document", str(error))
        else:
            messages.success(
                request, "Imported into the draft. Check the preview before publishing."
            )
            return redirect("agencies:manage-draft", agency_slug=agency.slug)
    context = _context(agency, "card", importer=form, draft=cardeditor.draft_of(agency))
    return render(request, "agencies/manage/import.html", context, status=400)


@require_POST
@policy.guard("agency.manage")
def draft_discard(request, agency_slug):
    agency = _agency(request, agency_slug)
    cardeditor.discard_draft(agency, actor=request.user)
    messages.success(request, "Draft discarded.")
    return redirect("agencies:manage-card", agency_slug=agency.slug)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
def profile(request, agency_slug):
    agency = _agency(request, agency_slug)
    form = ProfileForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = update_profile(agency, form.cleaned_data, actor=request.user)
            messages.success(request, "Profile saved." if changed else "Nothing changed.")
            return redirect("agencies:manage-profile", agency_slug=agency.slug)
        status = 400
    context = _context(agency, "profile", form=form, logo_form=LogoForm())
    return render(request, "agencies/manage/profile.html", context, status=status)


@require_http_methods(["GET", "POST"])
@policy.guard("agency.manage")
def staff(request, agency_slug):
    agency = _agency(request, agency_slug)
    form = StaffInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invite_staff(
                    agency,
                    StaffInvitation(**form.cleaned_data),
                    actor=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"{form.cleaned_data['email']} added and emailed.")
                return redirect("agencies:manage-staff", agency_slug=agency.slug)
    context = _context(agency, "staff", form=form, members=roster(agency))
    return render(request, "agencies/manage/staff.html", context, status=status)


@require_POST
@policy.guard("agency.manage")
def staff_remove(request, agency_slug, pk):
    agency = _agency(request, agency_slug)
    try:
        removed = remove_staff(agency, pk, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{removed.user.email} is no longer on the staff.")
    return redirect("agencies:manage-staff", agency_slug=agency.slug)

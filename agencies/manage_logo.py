"""The agency's logo: the admin sets or removes it on the profile page (``agencies.logo`` checks
and stores it), and anyone fetches it from the agency's public ``/a/<slug>/logo/``."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from agencies import logo
from agencies.logo_form import LogoForm
from agencies.manage import _agency, _context
from agencies.models import Agency
from agencies.profileforms import ProfileForm
from detailhire import policy
from detailhire.errors import DomainError


@require_POST
@policy.guard("agency.manage")
def profile_logo(request, agency_slug):
    agency = _agency(request, agency_slug)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = form.cleaned_data.get("logo")
            if upload is not None:
                if upload.size > logo.MAX_BYTES:
                    raise DomainError(
                        f"The logo is too large (at most {logo.MAX_BYTES // 1024} KB).",
                        field="logo",
                    )
                logo.set_logo(agency, upload.read(), actor=request.user)
                messages.success(request, "Logo saved.")
            else:
                logo.remove_logo(agency, actor=request.user)
                messages.success(request, "Logo removed.")
        except DomainError as error:
            form.add_error("logo", str(error))
        else:
            return redirect("agencies:manage-profile", agency_slug=agency.slug)
    profile = ProfileForm(instance=Agency.objects.get(pk=agency.pk))
    context = _context(agency, "profile", form=profile, logo_form=form)
    return render(request, "agencies/manage/profile.html", context, status=400)


@require_GET
def agency_logo(request, slug):
    """The agency's logo (public, like its name): 404 without one."""
    agency = get_object_or_404(Agency, slug=slug)
    if not agency.logo:
        raise Http404("No logo.")
    try:
        stored = agency.logo.open("rb")
    except OSError:
        raise Http404("No logo.") from None
    response = FileResponse(stored, content_type=logo.content_type(agency))
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

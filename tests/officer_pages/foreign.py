"""Tenant objects of the officer pages for the URL walk (tests/tenancy/test_url_walk.py)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from tests.factories import FieldMediaFactory, FieldNoteFactory
from tests.tenants import Tenant, assignment_of


def field_media_of(tenant: Tenant):
    """A field note with a PDF on ``assignment_of(tenant)``, made once per tenant. The note's
    text carries the organization's name, a marker."""
    from django.conf import settings

    from officers.models import FieldMedia

    with scopes_disabled():
        assignment = assignment_of(tenant)
        media = FieldMedia.objects.filter(note__assignment=assignment).first()
        if media is not None:
            return media
        note = FieldNoteFactory(
            assignment=assignment,
            author=tenant.officer,
            text=f"{tenant.organization.name}: gate report",
        )
        stored = f"field-media/{tenant.agency.pk}/{'f' * 31}{tenant.agency.pk}.pdf"
        path = settings.MEDIA_ROOT / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"%PDF-1.4 {tenant.organization.name}".encode())
        return FieldMediaFactory(note=note, stored_name=stored, size=path.stat().st_size)

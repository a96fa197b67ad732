"""Tenant objects of the officer pages for the URL walk (tests/tenancy/test_url_walk.py)."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled

from tests.tenants import Tenant, assignment_of


def field_media_of(tenant: Tenant):
    """A field note with a PDF on ``assignment_of(tenant)``, made once per tenant. The note's
    text carries the organization's name, a marker."""
    from django.conf import settings

    from officers.models import FieldMedia, FieldNote

    with scopes_disabled():
        assignment = assignment_of(tenant)
        media = FieldMedia.objects.filter(note__assignment=assignment).first()
        if media is not None:
            return media
        now = timezone.now()
        note = FieldNote.objects.create(
            assignment=assignment,
            author=tenant.officer,
            text=f"{tenant.organization.name}: gate report",
            created_at=now,
        )
        stored = f"field-media/{tenant.agency.pk}/{'f' * 31}{tenant.agency.pk}.pdf"
        path = settings.MEDIA_ROOT / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"%PDF-1.4 {tenant.organization.name}".encode())
        return FieldMedia.objects.create(
            note=note,
            stored_name=stored,
            original_name="report.pdf",
            content_type="application/pdf",
            size=path.stat().st_size,
            created_at=now,
        )

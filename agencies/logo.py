"""The agency's logo for its pages and documents (invoices, receipts, statements).

An agency admin uploads a PNG or JPEG: at most ``MAX_BYTES``, between ``MIN_SIDE`` and
``MAX_SIDE`` pixels a side, checked by Pillow from the file's own header (the name and the type
the browser sends are not trusted; the size is read before any pixel is decoded). It is stored
under MEDIA_ROOT (``agency-logos/<slug>-<random>.<ext>``), served by the agency's public
``/a/<slug>/logo/`` and put into PDFs as a data URI. Setting or removing it is audited as a
profile change (``agency.profile_changed``); the file replaced is deleted after the commit.
"""

from __future__ import annotations

import base64
import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from agencies.models import Agency
from audit import log
from detailhire import policy
from detailhire.errors import DomainError

MAX_BYTES = 512 * 1024
MIN_SIDE = 32
MAX_SIDE = 2000
FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
CONTENT_TYPES = dict(FORMATS.values())  # extension -> content type


def checked_logo(data: bytes) -> str:
    """The extension of a logo's bytes ("png" or "jpg"); ``DomainError`` saying what is wrong."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise DomainError(f"The logo is too large (at most {MAX_BYTES // 1024} KB).", field="logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in FORMATS:
                raise DomainError("The logo must be a PNG or JPEG image.", field="logo")
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                raise DomainError(
                    f"The logo is {width} x {height} pixels; each side must be {MIN_SIDE} to "
                    f"{MAX_SIDE} pixels.",
                    field="logo",
                )
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise DomainError("The logo must be a PNG or JPEG image.", field="logo") from None
    except (OSError, SyntaxError, ValueError):
        raise DomainError("The logo image is damaged; export it again.", field="logo") from None
    return FORMATS[kind][0]


def _replace(agency: Agency, data: bytes | None, *, actor) -> Agency:
    policy.require(actor, "agency.manage", agency)
    extension = checked_logo(data) if data is not None else None
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        before = locked.logo.name or ""
        if data is None and not before:
            return locked
        if data is None:
            locked.logo = ""
        else:
            name = f"{locked.slug}-{uuid.uuid4().hex[:12]}.{extension}"
            locked.logo.save(name, ContentFile(data), save=False)
        locked.save(update_fields=["logo"])
        log.record(
            locked,
            actor=actor,
            event="agency.profile_changed",
            agency=locked,
            data={
                "fields": ["logo"],
                "before": {"logo": before},
                "after": {"logo": locked.logo.name or ""},
            },
        )
        if before:
            storage = locked.logo.storage
            transaction.on_commit(lambda: storage.delete(before))
    agency.logo = locked.logo
    return locked


def set_logo(agency: Agency, data: bytes, *, actor) -> Agency:
    """Store ``data`` as the agency's logo (checked first; nothing changes when refused)."""
    return _replace(agency, data, actor=actor)


def remove_logo(agency: Agency, *, actor) -> Agency:
    return _replace(agency, None, actor=actor)


def content_type(agency: Agency) -> str:
    return CONTENT_TYPES.get(agency.logo.name.rsplit(".", 1)[-1], "application/octet-stream")


def logo_data_uri(agency: Agency | None) -> str:
    """The logo as a data URI for a PDF ("" without one, or when its file is missing)."""
    if agency is None or not agency.logo:
        return ""
    try:
        with agency.logo.open("rb") as stored:
            data = stored.read(MAX_BYTES + 1)
    except OSError:
        return ""
    return f"data:{content_type(agency)};base64,{base64.b64encode(data).decode()}"

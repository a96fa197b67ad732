"""Field notes and media (ODM-PORTAL-1): text notes and photo/PDF uploads per assignment.

Uploads are checked by their first bytes (not their name): JPEG, PNG, WebP or PDF, at most 10 MB.
Images are decoded and re-encoded (Pillow) before they are stored: what is kept is a plain image
without the uploader's metadata (a location in the EXIF data, a file hidden after the image), the
only kind of upload served inline; anything else is served as an attachment.
They are stored under a random name (uuid4 hex) in a per-agency folder of MEDIA_ROOT and served
only by ``officers.views.assignments.field_media``, which asks ``may_view`` first: the job's
customer organization, the officers assigned to the job, and the agency's staff. Nobody else
(404).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.log import record
from detailhire import policy
from detailhire.errors import ConflictError, DomainError
from officers.models import Assignment, FieldMedia, FieldNote
from officers.states import HOLDING_STATES

MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = 5000
MEDIA_FOLDER = "field-media"


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


JPEG = Kind("image/jpeg", "jpg", "JPEG photo")
PNG = Kind("image/png", "png", "PNG image")
WEBP = Kind("image/webp", "webp", "WebP image")
PDF = Kind("application/pdf", "pdf", "PDF")
ALLOWED = "a JPEG, PNG or WebP photo, or a PDF"


def sniff(head: bytes) -> Kind | None:
    """The kind of file these first bytes start, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_upload(upload) -> Kind:
    """Raise DomainError(field="file") for an empty, too large or unsupported file."""
    size = upload.size or 0
    if size == 0:
        raise DomainError("File: the file is empty.", field="file")
    if size > MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}"
        raise DomainError(f"File: {megabytes} MB is too big; the limit is 10 MB.", field="file")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            f"File: this is not {ALLOWED} (the content was checked, not only the name).",
            field="file",
        )
    return kind


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def path_of(media: FieldMedia) -> Path:
    return media_root() / media.stored_name


MAX_PIXELS = 50_000_000  # a larger image is refused (decompression bombs)
_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


def reencode(upload, kind: Kind) -> bytes:
    """The image decoded and written again in its own format (orientation applied, metadata
    dropped). DomainError(field="file") when it does not decode."""
    from PIL import Image, ImageOps

    upload.seek(0)
    try:
        with Image.open(upload, formats=[_PILLOW_FORMAT[kind]]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DomainError(
                    f"File: the image is too large ({width} x {height}); "
                    f"the limit is {MAX_PIXELS // 1_000_000} megapixels.",
                    field="file",
                )
            image.load()
            clean = ImageOps.exif_transpose(image)
            if kind is JPEG and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            out = io.BytesIO()
            options = {"quality": 90} if kind in (JPEG, WEBP) else {"optimize": True}
            clean.save(out, format=_PILLOW_FORMAT[kind], **options)
    except DomainError:
        raise
    except Exception:
        raise DomainError(
            f"File: this {kind.label} could not be read; take the photo again.", field="file"
        ) from None
    finally:
        upload.seek(0)
    return out.getvalue()


def _store(upload, agency_id: int, kind: Kind, content: bytes | None = None) -> str:
    relative = f"{MEDIA_FOLDER}/{agency_id}/{uuid.uuid4().hex}.{kind.extension}"
    target = media_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        if content is not None:
            out.write(content)
        else:
            for chunk in upload.chunks():
                out.write(chunk)
    return relative


def add_note(assignment: Assignment, *, actor, text: str = "", upload=None, at=None) -> FieldNote:
    """A note on ``assignment`` by its officer (or agency staff), with an optional file. Nothing
    is written when the file is refused; a stored file is removed if the transaction fails."""
    at = at or timezone.now()
    text = (text or "").strip()
    policy.require(actor, "assignment.note", assignment)
    if assignment.state not in HOLDING_STATES:
        raise ConflictError("Notes can be added to current details only.")
    if not text and upload is None:
        raise DomainError("Note: write a note or attach a file.", field="text")
    if len(text) > MAX_TEXT:
        raise DomainError(f"Note: keep it under {MAX_TEXT} characters.", field="text")
    kind = check_upload(upload) if upload is not None else None
    image = reencode(upload, kind) if kind in _PILLOW_FORMAT else None
    agency = assignment.officer.agency
    stored = _store(upload, agency.pk, kind, image) if kind else None
    try:
        with transaction.atomic():
            note = FieldNote.objects.create(
                assignment=assignment, author=actor, text=text, created_at=at
            )
            if stored:
                FieldMedia.objects.create(
                    note=note,
                    stored_name=stored,
                    original_name=_display_name(upload.name, kind),
                    content_type=kind.content_type,
                    size=len(image) if image is not None else upload.size,
                    created_at=at,
                    reencoded=image is not None,
                )
            record(
                assignment,
                actor=actor,
                event="note.added",
                agency=agency,
                job=assignment.position.shift.job,
                data={"note": note.pk, "with_file": bool(stored)},
                at=at,
            )
    except Exception:
        if stored:
            (media_root() / stored).unlink(missing_ok=True)
        raise
    return note


def _display_name(name: str | None, kind: Kind) -> str:
    """The uploader's file name, kept for display only (never a path): safe characters, the
    extension of what the file really is."""
    stem = Path(name or "").stem
    safe = "".join(ch for ch in stem if ch.isalnum() or ch in " ._-").strip(" .")[:80]
    return f"{safe or 'file'}.{kind.extension}"


def may_view(user, media: FieldMedia) -> bool:
    """The policy's ``field_media.view`` (officers/rules.py); the view answers 404 when False."""
    return policy.allows(user, "field_media.view", media)


def notes_for_job(job) -> list[FieldNote]:
    """The job's notes with their files, oldest first, in two queries."""
    return list(
        FieldNote.objects.filter(assignment__position__shift__job=job)
        .select_related("author", "assignment__officer__user")
        .prefetch_related("media")
        .order_by("created_at", "pk")
    )


def notes_for_assignment(assignment: Assignment) -> list[FieldNote]:
    return list(
        FieldNote.objects.filter(assignment=assignment)
        .select_related("author")
        .prefetch_related("media")
        .order_by("created_at", "pk")
    )

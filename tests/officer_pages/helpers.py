"""Helpers for the officer page tests: logged-in clients, a claimed detail, tiny valid files."""

from __future__ import annotations

import struct
import zlib

from django.test import Client
from django_scopes import scopes_disabled

from officers.models import Assignment
from officers.services.claims import claim_position
from tests.factories import user
from tests.fixtures import browser_client
from tests.officers.helpers import book, positions


def client_for(email: str) -> Client:
    """A page client logged in as the user with ``email``."""
    return browser_client(user(email))


def claimed(title: str = "Warehouse gate", email: str = "officer1@nopd.demo", **kwargs):
    """A booked, approved job whose first position ``email`` claimed: the assignment."""
    job = book(title, **kwargs)
    first = positions(job)[0]
    with scopes_disabled():
        assignment = claim_position(first.pk, actor=user(email))
        return Assignment.objects.select_related("officer__agency", "position__shift__job").get(
            pk=assignment.pk
        )


def png_bytes(width: int = 4, height: int = 3, rgb=(200, 30, 30)) -> bytes:
    """A valid PNG image, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pixels(data: bytes):
    """The decoded pixels of an image file (what re-encoding keeps)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.format, image.size, image.convert("RGB").tobytes()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

"""The agency's logo for documents: uploaded by its admin on the profile page (PNG or JPEG,
bounded in bytes and pixels, checked by Pillow), audited like the other profile changes, shown on
the agency's pages and on its invoice and receipt PDFs."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from agencies.models import Agency
from audit.models import AuditEvent
from billing.pdf import render_html, render_pdf
from billing.receipts import receipt_bytes
from tests.billing.conftest import book_nopd
from tests.billing.stripe_helpers import invoice_for
from tests.billing.test_receipts import record_check
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def image(kind: str = "PNG", size: tuple[int, int] = (120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 53, 87)).save(buffer, kind)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "logo.png", slug: str = "nopd", **more):
    url = reverse("agencies:manage-profile-logo", kwargs={"agency_slug": slug})
    return client.post(url, {"logo": SimpleUploadedFile(name, data), **more})


def nopd() -> Agency:
    return Agency.objects.get(slug="nopd")


def test_the_admin_sets_a_logo_shown_on_the_agency_pages_and_audited(demo, clock):
    """PLAT-AUDIT-1: setting and removing the logo are profile changes, recorded as events."""
    admin = browser_client(demo.admin("nopd"))
    response = upload(admin, image())
    assert response.status_code == 302
    stored = nopd().logo
    assert stored.name.startswith("agency-logos/nopd-") and stored.name.endswith(".png")
    with scopes_disabled():
        event = AuditEvent.objects.get(event_type="agency.profile_changed")
    assert event.data["fields"] == ["logo"]
    assert event.data["after"] == {"logo": stored.name}
    served = browser_client(demo.customer).get(reverse("agencies:logo", kwargs={"slug": "nopd"}))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == image()
    page = browser_client(demo.customer).get(reverse("agencies:rates", kwargs={"slug": "nopd"}))
    assert b'src="/a/nopd/logo/"' in page.content
    # replacing it removes the old file after the commit; removing it leaves none
    jpeg = image("JPEG")
    assert upload(admin, jpeg, "logo.jpg").status_code == 302
    assert nopd().logo.name.endswith(".jpg")
    url = reverse("agencies:manage-profile-logo", kwargs={"agency_slug": "nopd"})
    assert admin.post(url, {"remove": "on"}).status_code == 302
    assert not nopd().logo
    assert browser_client(demo.customer).get("/a/nopd/logo/").status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (image("GIF"), "logo.gif", b"must be a PNG or JPEG"),
        (b"just text, not an image", "logo.png", b"must be a PNG or JPEG"),
        (image(size=(10, 10)), "logo.png", b"is 10 x 10 pixels; each side must be 32 to 2000"),
        (image(size=(2400, 40)), "logo.png", b"is 2400 x 40 pixels"),
        (image()[:200], "logo.png", b"damaged"),
        (b"\x89PNG" + b"0" * (600 * 1024), "logo.png", b"too large (at most 512 KB)"),
    ],
)
def test_a_bad_logo_is_refused_in_words_and_nothing_changes_plat_limit_1(
    demo, clock, data, name, message
):
    """PLAT-LIMIT-1: the kind, the bytes and the pixels are bounded, named in the message."""
    response = upload(browser_client(demo.admin("nopd")), data, name)
    assert response.status_code == 400
    assert message in response.content
    assert not nopd().logo
    with scopes_disabled():
        assert not AuditEvent.objects.filter(event_type="agency.profile_changed").exists()


def test_only_the_agency_admin_sets_the_logo(demo, clock):
    assert upload(browser_client(demo.coordinator("nopd")), image()).status_code == 403
    assert upload(browser_client(demo.admin("asheville")), image()).status_code == 404
    assert not nopd().logo


def images_of(content: bytes, tmp_path) -> list[tuple[str, str]]:
    """(width, height) of each image in a PDF (poppler's pdfimages)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    pdfimages = shutil.which("pdfimages") or pytest.skip("pdfimages (poppler-utils) is needed")
    listed = subprocess.run(  # noqa: S603 - our own file, a fixed program
        [pdfimages, "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [tuple(line.split()[3:5]) for line in listed.splitlines()[2:]]


def test_the_invoice_and_receipt_pdfs_carry_the_logo(
    demo, clock, tmp_path, django_capture_on_commit_callbacks
):
    upload(browser_client(demo.admin("nopd")), image(size=(240, 80)))
    with scopes_disabled():
        invoice = invoice_for(book_nopd(demo), by=demo.coordinator("nopd"))
    assert 'class="seller-logo" src="data:image/png;base64,' in render_html(invoice)
    assert ("240", "80") in images_of(render_pdf(invoice), tmp_path)
    payment = record_check(demo, invoice, "434.64", "7", django_capture_on_commit_callbacks)
    assert ("240", "80") in images_of(receipt_bytes(payment), tmp_path)


def test_documents_without_a_logo_have_no_image(demo, clock, tmp_path):
    with scopes_disabled():
        invoice = invoice_for(book_nopd(demo), by=demo.coordinator("nopd"))
    assert 'class="seller-logo"' not in render_html(invoice)
    assert images_of(render_pdf(invoice), tmp_path) == []

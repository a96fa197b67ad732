"""Content-Security-Policy on every page, in development and production settings: scripts and
styles from the site only. No template holds an inline script or an event handler attribute,
and htmx is configured to need neither eval nor an injected <style>."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.fixtures import demo  # noqa: F401 - fixture
from tests.infra.helpers import clean_env, run_python
from tests.infra.test_production_settings import PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class InlineCode(HTMLParser):
    """Inline scripts (a <script> without src that a browser would run), event handler
    attributes, <style> elements and style attributes in a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        kind = (names.get("type") or "").lower()
        if tag == "script" and not names.get("src") and kind not in DATA_SCRIPT_TYPES:
            self.found.append(f"inline <script {attrs}>")
        if tag == "style":
            self.found.append("<style> element")
        for name, _value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name.lower() == "style":
                self.found.append(f"<{tag} style=...>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict(response, url):
    assert "Content-Security-Policy" in response, url
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'"], url
    assert policy["style-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["frame-ancestors"] == ["'none'"], url


def signed_in(email: str) -> Client:
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.django_db
def test_main_pages_carry_the_policy_and_hold_no_inline_code(demo):  # noqa: F811
    anonymous = Client()
    pages = {
        anonymous: [
            "/",
            "/a/nopd/",
            "/a/nopd/rates/",
            "/a/nopd/quote/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/api/docs/",
            "/admin/login/",
        ],
        signed_in("customer@acme.demo"): ["/jobs/", "/jobs/new/?agency=nopd", "/org/"],
        signed_in("officer1@nopd.demo"): [
            "/officer/board/",
            "/officer/schedule/",
            "/officer/profile/",
        ],
        signed_in("coordinator@nopd.demo"): [
            "/staff/",
            "/staff/officers/",
            "/staff/attendance/",
            "/staff/log/",
            "/staff/reports/",
        ],
    }
    for client, urls in pages.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict(response, url)
            assert inline_code(response.content.decode()) == [], url
    assert_strict(anonymous.get("/no-such-page/"), "/no-such-page/")
    for url in ("/healthz", "/api/v1/ping/", "/api/v1/agencies/nopd/"):
        policy = policy_of(anonymous.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url


def test_files_shown_by_the_browser_allow_its_viewer_inline_styles_only(client):
    """An image or a PDF opened directly is displayed in the browser's own viewer document, which
    styles itself inline: scripts stay the site's only."""
    policy = policy_of(client.get("/api/v1/ping/"))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]


def test_htmx_is_configured_for_the_policy():
    """htmx would inject a <style> for its indicators and may eval: both are off."""
    base = (TEMPLATES / "base.html").read_text()
    (config,) = re.findall(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
    assert json.loads(config) == {"includeIndicatorStyles": False, "allowEval": False}


def test_the_api_docs_load_their_script_from_the_site(client):
    page = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script"' in page or "/api/docs/?script" in page
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "email" in path.relative_to(TEMPLATES).parts:
            continue  # mail bodies: mail clients need inline styles, and no page serves them
        if path.name.endswith("_pdf.html"):
            continue  # documents WeasyPrint renders to PDF on the server: no browser shows them
        text = COMMENT.sub("", path.read_text())
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and not any(t in attributes for t in DATA_SCRIPT_TYPES):
                offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
        for match in EVENT_ATTRIBUTE.finditer(text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(1)}= attribute")
        if re.search(r"<style\b|\sstyle=", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline style")
    assert offenders == []


def test_production_settings_send_the_policy_on_every_response():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/api/v1/ping/', HTTP_HOST='detailhire.example'); "
        "print(r.status_code, r['Content-Security-Policy'])"
    )
    result = run_python("-c", code, env=clean_env(**PRODUCTION))
    assert result.returncode == 0, result.stderr
    status, policy = result.stdout.strip().split(" ", 1)
    assert status == "301"  # the HTTPS redirect carries it too
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy

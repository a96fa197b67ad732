"""Content-Security-Policy on every response.

The policy is fixed (``settings.CONTENT_SECURITY_POLICY``, directive -> sources): pages load
scripts and styles from the site only, and no template holds an inline script or an event
handler attribute (``onclick=``), so neither nonces nor ``'unsafe-inline'`` are needed. htmx works
under it: its indicator ``<style>`` and ``eval`` are turned off in templates/base.html's
``htmx-config``. A view that needs another policy sets the header itself; it is kept.

A response that is not HTML (an uploaded photo, a PDF, JSON) is shown by the browser's own viewer,
which styles itself inline: those get the same policy with inline styles allowed (scripts stay
the site's only).

``CONTENT_SECURITY_POLICY_REPORT_ONLY = True`` sends the policy as
``Content-Security-Policy-Report-Only`` (to try a change without breaking pages)."""

from __future__ import annotations

from django.conf import settings

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def render_policy(policy: dict[str, list[str] | tuple[str, ...]]) -> str:
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        policy = dict(settings.CONTENT_SECURITY_POLICY)
        self.header = render_policy(policy)
        styles = list(policy.get("style-src", policy.get("default-src", [])))
        self.file_header = render_policy({**policy, "style-src": [*styles, "'unsafe-inline'"]})
        self.name = (
            REPORT_ONLY_HEADER
            if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
            else HEADER
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and HEADER not in response and REPORT_ONLY_HEADER not in response:
            is_page = response.get("Content-Type", "").startswith("text/html")
            response[self.name] = self.header if is_page else self.file_header
        return response

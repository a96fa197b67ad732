"""One guard style on the job pages: each view is guarded by ``@policy.guard`` with a registered
action; a signed-in user with no role yet is still sent to create or join an organization (or
sees no job); a user the page is not for is refused (403)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern

from detailhire import policy
from jobs import urls
from tests.customers.conftest import browser_client, make_job

pytestmark = pytest.mark.django_db

# Moved unchanged into their own module; they move on to the customers app with their guards.
ORGANIZATION_PAGES = {"org", "org-start", "org-renew-code"}


def test_every_job_page_is_guarded_by_a_registered_policy_action():
    actions = policy.registered()
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in ORGANIZATION_PAGES:
            continue
        action = getattr(pattern.callback, "policy_action", None)
        assert action in actions, f"{pattern.name}: no @policy.guard"


def test_newcomers_are_welcomed_and_see_no_job(demo, clock, outsider):
    job = make_job(demo)
    client = browser_client(outsider)
    for url in ("/jobs/", "/jobs/new/", "/jobs/new/?agency=nopd"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/org/start/?next=")
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/cancel/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/jobs/{job.pk}/approve/").status_code == 404


def test_officers_and_coordinators_are_refused_what_is_not_for_them(demo, clock):
    officer = browser_client(demo.user("officer1@asheville.demo"))
    for url in ("/jobs/", "/jobs/new/", "/jobs/new/?agency=nopd"):
        assert officer.get(url).status_code == 403
    coordinator = browser_client(demo.coordinator("asheville"))
    assert coordinator.get("/jobs/").status_code == 200
    assert coordinator.get("/jobs/new/?agency=asheville").status_code == 403

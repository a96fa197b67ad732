"""The Django admin is for operators and says so; the demo agency admins and coordinators reach
every page their role allows through the product's own pages (never the Django admin)."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.fixtures import browser_client
from tests.tenancy.urlwalk import build_url, walk

pytestmark = pytest.mark.django_db

# the agency's own pages (staff and agency admin), where every route must answer
AGENCY_PAGES = ("staff/", "a/<slug:agency_slug>/manage/", "agency-admin/", "billing/")
# what a page needs in its query to be one (a report's name)
QUERY = {"desk:report-csv": "?report=officer-hours"}


def test_the_admin_says_it_is_for_operators_and_points_agency_staff_to_their_pages(demo, client):
    """A demo agency admin who opens /admin/ is not let in, and is told where their pages are."""
    admin = browser_client(demo.admin("nopd"))
    page = admin.get("/admin/login/?next=/admin/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "for the platform&#x27;s operators only" in body or "operators only" in body
    assert 'href="/agency-admin/"' in body and 'href="/staff/"' in body
    assert admin.get("/admin/agencies/ratecard/").status_code == 302  # to the login page
    root = User.objects.create_superuser(email="root@platform.test", password=None)
    client.force_login(root)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"DetailHire operations (operators only)" in index.content
    assert b'href="/agency-admin/"' in index.content


def agency_routes():
    for route in walk():
        if set(route.kwargs) <= {"agency_slug"} and route.route.startswith(AGENCY_PAGES):
            yield route


@pytest.mark.parametrize("slug", ["nopd", "asheville"])
def test_demo_admins_reach_every_page_of_their_role(demo, clock, slug):
    """PLAT-TENANT-1 (roles): every agency page (GET) answers the demo admin of that agency,
    following redirects; the coordinator gets the staff pages and is refused (403) the
    admin-only ones."""
    admin = browser_client(demo.admin(slug))
    coordinator = browser_client(demo.coordinator(slug))
    problems, seen = [], 0
    for route in agency_routes():
        url = build_url(route, {"agency_slug": slug}) if route.kwargs else "/" + route.route
        url += QUERY.get(route.name, "")
        response = admin.get(url, follow=True)
        if response.status_code == 405:  # a POST-only action
            continue
        seen += 1
        if response.status_code != 200:
            problems.append(f"admin GET {url}: {response.status_code}")
        answer = coordinator.get(url).status_code
        admin_only = route.route.startswith(("a/<slug:agency_slug>/manage/", "agency-admin/"))
        admin_only |= route.name in ("officers:staff-duty", "officers:staff-duty-feed")
        if admin_only and answer != 403:
            problems.append(f"coordinator GET {url}: {answer}, not 403")
        if not admin_only and answer not in (200, 302, 403):
            problems.append(f"coordinator GET {url}: {answer}")
    assert seen >= 10
    assert not problems, "\n".join(problems)

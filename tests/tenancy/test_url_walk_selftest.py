"""The URL walk catches leaks (PLAT-TENANT-1): run against a small URL conf with correct, scoped
views and deliberately leaky ones (tests/tenancy/scoped_views.py)."""

import pytest

from tests.tenancy.urlwalk import FOREIGN_OBJECT_STATUSES, build_url, visit, walk

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.tenancy.scoped_views")]

URLCONF = "tests.tenancy.scoped_views"


def _routes():
    return {route.name: route for route in walk(URLCONF)}


def test_walk_lists_every_route_with_its_arguments():
    routes = _routes()
    assert routes["officer-api"].route == "tenancy-test/api/officers/<int:pk>/"
    assert routes["officer-api"].kwargs == ("pk",)
    assert routes["officer-api"].is_api
    assert routes["officer-api"].methods == ("get",)
    assert not routes["officer-page"].is_api
    assert routes["officer-page"].methods == ("get", "post")
    assert routes["leaky-officer-list"].kwargs == ()


def test_scoped_views_answer_404_for_another_agencys_officer(tenant_a, tenant_b, outsider):
    people = [*tenant_a.people.items(), ("outsider", outsider)]
    for name in ("officer-page", "officer-api"):
        route = _routes()[name]
        url = build_url(route, {"pk": tenant_b.officer_profile.pk})
        assert visit(route, url, people, tenant_b.markers, FOREIGN_OBJECT_STATUSES) == []


def test_scoped_list_shows_only_the_callers_agency(tenant_a, tenant_b):
    route = _routes()["officer-list-api"]
    people = list(tenant_a.people.items())
    assert visit(route, "/" + route.route, people, tenant_b.markers) == []


def test_a_leaky_detail_view_is_caught(tenant_a, tenant_b):
    route = _routes()["leaky-officer-page"]
    url = build_url(route, {"pk": tenant_b.officer_profile.pk})
    problems = visit(
        route,
        url,
        [("coordinator", tenant_a.coordinator)],
        tenant_b.markers,
        FOREIGN_OBJECT_STATUSES,
    )
    assert any("200, expected one of [403, 404, 405]" in p for p in problems)
    assert any("shows another tenant's data" in p and "ZULU-4471" in p for p in problems)


def test_a_leaky_list_view_is_caught(tenant_a, tenant_b):
    route = _routes()["leaky-officer-list"]
    problems = visit(route, "/" + route.route, [("officer", tenant_a.officer)], tenant_b.markers)
    assert problems and all("shows another tenant's data" in p for p in problems)
    assert any("(token)" in p for p in problems)


def test_token_authenticated_api_calls_get_the_callers_scope(client, tenant_a, tenant_b):
    from tests.tenants import token_for

    auth = {"HTTP_AUTHORIZATION": f"Token {token_for(tenant_a.officer)}"}
    own = client.get(f"/tenancy-test/api/officers/{tenant_a.officer_profile.pk}/", **auth)
    assert own.status_code == 200
    assert own.json()["badge_number"] == "ALPHA-4471"
    foreign = client.get(f"/tenancy-test/api/officers/{tenant_b.officer_profile.pk}/", **auth)
    assert foreign.status_code == 404
    listed = client.get("/tenancy-test/api/officers/", **auth).json()
    assert [row["badge_number"] for row in listed["results"]] == ["ALPHA-4471"]
    # Anonymous: no tenant data at all (the API answers 401 before reaching it).
    assert client.get("/tenancy-test/api/officers/").status_code == 401

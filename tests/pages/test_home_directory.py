"""The home page's agency directory: one small page at 250 agencies and more, looked up by name
or city, paged without a count (docs/operations.md, "Scale")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agencies.home import MAX_QUERY, PAGE_SIZE
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _agencies(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        AgencyFactory(slug=f"town{n:03d}", name=f"Town {n:03d} Police", city=f"Town {n:03d}, LA")


def _get(path: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"].upper() for q in queries]


def test_home_shows_one_page_of_agencies_and_runs_the_same_queries_at_any_size():
    _agencies(3)
    _few, few = _get("/")
    _agencies(40, start=3)
    page, many = _get("/")
    assert len(few) == len(many)
    assert not [sql for sql in many if "COUNT(" in sql]  # paged without a count
    assert page.count('class="agency-card"') == PAGE_SIZE
    assert "/a/town000/" in page and f"/a/town{PAGE_SIZE:03d}/" not in page
    assert "Page 1" in page and "page=2" in page


def test_the_next_pages_follow_by_name_and_past_the_end_leads_back():
    _agencies(PAGE_SIZE + 2)
    second, _ = _get("/?page=2")
    assert f"/a/town{PAGE_SIZE:03d}/" in second and "/a/town000/" not in second
    assert "page=1" in second and "page=3" not in second
    beyond, _ = _get("/?page=9")
    assert "No more agencies" in beyond


def test_an_agency_is_found_by_its_city_or_part_of_its_name(cards):
    _agencies(30)
    by_city, _ = _get("/?q=new+orleans")
    assert "/a/nopd/" in by_city and "/a/asheville/" not in by_city and "/a/town001/" not in by_city
    by_name, _ = _get("/?q=asheville")
    assert "/a/asheville/" in by_name and "/a/nopd/" not in by_name
    short, _ = _get("/?q=OPSE")
    assert "/a/nopd/" in short
    paged, _ = _get("/?q=town&page=2")
    assert "q=town&amp;page=1" in paged


def test_no_match_says_so_and_offers_every_agency(cards):
    page, _ = _get("/?q=Gotham")
    assert "No agency matches" in page and "Gotham" in page and "show all agencies" in page


def test_a_search_too_long_is_named_and_the_directory_stays(cards):
    """PLAT-LIMIT-1: the search is bounded; a longer one is refused with words, never a 500."""
    page, _ = _get("/?q=" + "x" * (MAX_QUERY + 1))
    assert f"Search: at most {MAX_QUERY} characters." in page
    assert "/a/nopd/" in page and "/a/asheville/" in page

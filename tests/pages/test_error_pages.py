"""403, 404 and 500 answer with the site's own pages, and the site has an icon."""

import pytest
from django.test import Client
from django.views.defaults import server_error

from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_site_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "site-header" in page and "Page not found" in page and "css/app.css" in page


def test_a_page_not_for_this_role_says_why_in_the_site_page(demo):
    response = browser_client(demo.user("officer1@nopd.demo")).get("/jobs/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "site-header" in page and "Not allowed" in page
    assert "Only customers request jobs." in page


def test_a_server_error_page_needs_nothing_but_the_stylesheet(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "css/app.css" in page
    assert "Traceback" not in page


def test_the_site_has_an_icon(db):
    page = Client().get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")

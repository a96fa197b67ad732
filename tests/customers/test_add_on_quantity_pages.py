"""PLAT-ADDON-1 on the pages: the quote page and the request page have a number field next to an
add-on priced per unit; the quote says "2 cruisers"; the job keeps the quantity; a bad quantity is
refused in words next to the extras, nothing created (PLAT-LIMIT-1)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from jobs.models import Job
from tests.cruisers import publish_with_cruisers
from tests.customers.conftest import browser_client
from tests.customers.helpers import error_text, job_count, nopd_form, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cruisers(demo, clock):
    publish_with_cruisers(demo.nopd)
    return demo


def test_the_quote_page_has_a_number_field_and_prices_the_quantity_plat_addon_1(cruisers):
    client = browser_client(cruisers.customer)
    page = client.get("/a/nopd/quote/").content.decode()
    assert 'name="qty-cruiser"' in page and 'max="3"' in page
    assert "$15.00 per cruiser per billed hour (choose how many, up to 3)" in page
    form = nopd_form(add_ons="cruiser", **{"qty-cruiser": "2"})
    body = text_of(client.post("/a/nopd/quote/preview/", form, HTTP_HX_REQUEST="true"))
    assert "Police cruiser: 2 cruisers x 4.00 h x $15.00" in body
    assert "$554.64" in body  # 434.64 + 2 x 4 x 15.00


def test_the_request_page_books_the_quantity_plat_addon_1(cruisers):
    client = browser_client(cruisers.customer)
    assert 'name="qty-cruiser"' in client.get("/jobs/new/?agency=nopd").content.decode()
    response = client.post("/jobs/new/", nopd_form(add_ons="cruiser", **{"qty-cruiser": "3"}))
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(title="Gallery opening")
    assert job.add_ons == [{"code": "cruiser", "quantity": 3}]
    assert str(job.total) == "614.64"  # 434.64 + 3 x 4 x 15.00
    assert "3 cruisers x 4.00 h x $15.00" in text_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("4", "At most 3 cruisers of Police cruiser on one request."),
        ("0", "The quantity of Police cruiser must be a whole number, at least 1."),
        ("two", "The quantity of Police cruiser must be a whole number, at least 1."),
    ],
)
def test_a_bad_quantity_is_refused_in_words_plat_limit_1(cruisers, typed, words):
    client = browser_client(cruisers.customer)
    response = client.post("/jobs/new/", nopd_form(add_ons="cruiser", **{"qty-cruiser": typed}))
    assert response.status_code == 400
    assert error_text(response, "add_ons") == words
    assert job_count() == 0

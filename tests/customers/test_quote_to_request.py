"""Quote -> "Request this job" keeps the quote: the request form opens with the quote's dates,
times, officers, tier and kind of job, for a customer at once and for a visitor after signing
up and creating an organization."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.customers.conftest import browser_client
from tests.customers.helpers import text_of
from tests.customers.test_organizations import ORG

pytestmark = pytest.mark.django_db

QUOTE = {
    "shift_count": "1",
    "shift-0-date": "2027-04-07",
    "shift-0-start": "18:00",
    "shift-0-end": "22:00",
    "shift-0-officers": "3",
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
}


def request_link(response) -> str:
    """The href of the quote's "Request this job" button."""
    body = response.content.decode()
    match = re.search(r'<a class="button button-wide" href="([^"]+)">Request this job</a>', body)
    assert match, "no Request this job button"
    return html.unescape(match.group(1))


def assert_opens_with_the_quote(response) -> None:
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="shift-0-date" value="2027-04-07"' in body
    assert 'name="shift-0-officers" value="3"' in body
    assert re.search(r'name="tier" value="3" checked', body)
    assert "$651.96" in text_of(response)  # 3 officers, Tier 3: the quote's total


def test_a_customer_requests_the_quote_they_saw(demo, clock):
    client = browser_client(demo.customer)
    quote = client.post("/a/nopd/quote/preview/", QUOTE)
    assert "$651.96" in text_of(quote)
    link = request_link(quote)
    assert link.startswith("/jobs/new/?agency=nopd&")
    assert_opens_with_the_quote(client.get(link))


def test_a_visitor_keeps_the_quote_through_sign_up_and_a_new_organization(demo, clock, outsider):
    link = request_link(Client().post("/a/nopd/quote/", QUOTE))
    signup = urlsplit(link)
    assert signup.path == "/accounts/signup/"
    after_signup = parse_qs(signup.query)["next"][0]
    assert after_signup.startswith("/jobs/new/?agency=nopd&")
    client = browser_client(outsider)  # signed up: no organization yet
    welcome = client.get(after_signup)
    assert welcome.status_code == 302 and welcome["Location"].startswith("/org/start/")
    created = client.post(welcome["Location"], ORG)
    assert created.status_code == 302
    assert created["Location"] == after_signup
    assert_opens_with_the_quote(client.get(created["Location"]))

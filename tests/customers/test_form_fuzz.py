"""Form fuzz: every field of the quote, request, cancel and reduce, deny, organization and list
forms gets values an attacker or a slip of the finger sends: never a 500 (PLAT-LIMIT-1)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import nopd_form
from tests.customers.test_organizations import ORG

pytestmark = pytest.mark.django_db

BAD = [
    "",
    " ",
    "\x00",
    "x" * 5000,
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "9999-12-31",
    "0001-01-01",
    "23:59:59.999999",
    "١٢",
    "<script>alert(1)</script>",
    "1,5",
]

QUOTE = {
    "shift_count": "1",
    "shift-0-date": "2027-04-07",
    "shift-0-start": "18:00",
    "shift-0-end": "22:00",
    "shift-0-officers": "2",
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
    "add_ons": "",
    "action": "",
}


def fuzz(client, url: str, form: dict, *, method: str = "post") -> None:
    send = client.post if method == "post" else client.get
    for name in form:
        for value in BAD:
            response = send(url, {**form, name: value})
            assert response.status_code < 500, (url, name, value)


def test_the_quote_page_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1."""
    for url in ("/a/nopd/quote/", "/a/nopd/quote/preview/"):
        fuzz(Client(), url, QUOTE)


def test_the_request_page_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1."""
    client = browser_client(demo.customer)
    form = nopd_form(organization="", preferred_officers="", action="request")
    form["title"] = ""  # nothing is booked while fuzzing the others
    for url in ("/jobs/new/preview/", "/jobs/new/"):
        fuzz(client, url, form)


def test_the_cancel_and_reduce_forms_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1."""
    job = make_job(demo, approve=True)
    client = browser_client(demo.customer)
    url = f"/jobs/{job.pk}/cancel/"
    reduce = {
        "action": "reduce",
        "reduce-0-officers": "1",
        "reduce-0-end": "18:00",
        "reduce-reason": "",
        "reduce-expected_total": "108.00",
        "reduce-expected_new_total": "414.00",
    }
    fuzz(client, url, reduce)
    fuzz(client, url, {**reduce, "action": "preview_reduce"})
    cancel = {
        "action": "cancel",
        "cancel-reason": "",
        "cancel-expected_total": "108.00",
        "cancel-police_necessity": "",
    }
    fuzz(client, url, cancel)


def test_the_deny_form_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1."""
    job = make_job(demo)
    fuzz(browser_client(demo.coordinator("asheville")), f"/jobs/{job.pk}/deny/", {"reason": ""})


def test_the_organization_forms_plat_limit_1(demo, outsider):
    """PLAT-LIMIT-1."""
    client = browser_client(outsider)
    fuzz(client, "/org/start/", {**ORG, "org-name": ""})
    fuzz(client, "/org/start/", {"action": "join", "join-code": ""})


def test_the_jobs_list_filters_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1."""
    make_job(demo)
    form = {"tab": "upcoming", "status": "", "q": "", "page": "1"}
    fuzz(browser_client(demo.customer), "/jobs/", form, method="get")
    fuzz(browser_client(demo.coordinator("asheville")), "/jobs/", form, method="get")

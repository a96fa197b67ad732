"""PLAT-LIMIT-1, the page-form fuzz: every form on every page, fed the values an attacker or a slip
of the finger sends, answers in words and never with a 500.

The routes are the URL walk's (tests/tenancy/test_url_walk.py): every tenant route, its arguments
filled with tenant A's own objects by the walk's registry. Each of tenant A's people (agency admin,
coordinator, officer, customer) GETs each page; every ``<form>`` on the answer is read (its
fields with the values the page put in them) and sent back once per field and bad value, the
other fields at the page's values. Each request runs in a savepoint that is rolled back, so a
form that does act (a valid default) does not change what the next request sees.

A new page is covered the moment the URL walk knows its route: nothing to add here.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.customers.test_form_fuzz import BAD
from tests.tenancy.test_url_walk import PUBLIC_PREFIXES, foreign_kwargs, tenant_routes
from tests.tenancy.urlwalk import build_url

pytestmark = pytest.mark.django_db

# Fields no user types: the CSRF token (the test client does not check it).
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
# Pages that need a job priced by the engine: the walk's job (``JobFactory``) has an empty card
# snapshot, which no booked job has. Their forms are fuzzed with a priced job elsewhere
# (tests/customers/test_form_fuzz.py for the cancel and reduce forms, tests/desk/test_schedule.py
# for the schedule change) and below (the hours page).
NEEDS_PRICED_JOB = {"jobs:cancel", "billing-job-hours", "desk:job-schedule"}
# Requests per form at most (fields x bad values), so that one huge form cannot stall the run.
CAP_PER_FORM = 12 * len(BAD)


class Form:
    def __init__(self, action: str, method: str):
        self.action = action
        self.method = method
        self.fields: dict[str, str] = {}
        self.multi: dict[str, list[str]] = {}
        self.submit: tuple[str, str] | None = None

    def add(self, name: str, value: str) -> None:
        if name in self.fields and name not in self.multi:
            self.multi[name] = [self.fields[name]]
        if name in self.multi:
            self.multi[name].append(value)
        self.fields[name] = value

    def data(self) -> dict:
        data: dict = dict(self.fields)
        data.update(self.multi)
        if self.submit:
            data[self.submit[0]] = self.submit[1]
        return data

    def names(self) -> list[str]:
        names = [name for name in self.fields if name not in SKIPPED_FIELDS]
        if self.submit and self.submit[0] not in names:
            names.append(self.submit[0])
        return names

    def key(self) -> tuple:
        return (self.method, self.action, tuple(sorted(self.names())))


class FormParser(HTMLParser):
    """The forms of a page with the values the page put in them, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), (a.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or not a.get("name") or "disabled" in a:
            if tag == "option" and self.select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.form.add(name, a.get("value", "on"))
                elif name not in self.form.fields:
                    self.form.fields.setdefault(name, "")
            elif kind in {"submit", "image"}:
                if self.form.submit is None:
                    self.form.submit = (name, a.get("value", ""))
            elif kind not in {"file", "reset", "button"}:
                self.form.add(name, a.get("value", ""))
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit" and self.form.submit is None:
                self.form.submit = (name, a.get("value", ""))
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "textarea":
            self.textarea, self.text = name, ""

    def _option(self, a):
        value = a.get("value", "")
        if self.select_first is None:
            self.select_first = value
        if "selected" in a and not self.select_chosen:
            self.select_chosen = True
            self.form.add(self.select, value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if not self.select_chosen and self.form is not None:
                self.form.add(self.select, self.select_first or "")
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form.add(self.textarea, self.text)
            self.textarea = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def page_routes(tenant) -> list[tuple[str, str]]:
    """(route, URL) of every tenant page the URL walk can fill in with ``tenant``'s own objects."""
    pages = []
    for route in tenant_routes():
        if route.is_api:
            continue
        values = foreign_kwargs(route, tenant) if route.kwargs else {}
        if values is None:
            continue
        if route.name not in NEEDS_PRICED_JOB:
            pages.append((str(route), build_url(route, values)))
    return pages


def send(client: Client, form: Form, url: str, data: dict):
    """One request in a savepoint rolled back afterwards: nothing it does stays."""
    with transaction.atomic():
        response = (client.post if form.method == "post" else client.get)(url, data)
        transaction.set_rollback(True)
    return response


def fuzz(client: Client, form: Form, url: str, cap: int = CAP_PER_FORM) -> list[str]:
    problems = []
    base = form.data()
    sent = 0
    for name in form.names():
        for value in BAD:
            if sent >= cap:
                return problems
            sent += 1
            response = send(client, form, url, {**base, name: value})
            if response.status_code >= 500:
                problems.append(f"{form.method.upper()} {url} {name}={value[:20]!r}: 500")
                break  # one 500 per field is enough to name it
    return problems


def fuzz_pages(
    people: dict, pages: list[tuple[str, str]], cap: int = CAP_PER_FORM
) -> tuple[int, list[str]]:
    """Each of ``people`` (role -> user) GETs each of ``pages`` ((route, URL)) and every form on
    an answer is fuzzed once (the first role that sees it). Returns (forms fuzzed, problems)."""
    problems: list[str] = []
    seen: set[tuple] = set()
    for role, user in people.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for route, url in pages:
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"GET {url} ({route}) as {role}: {response.status_code}")
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_of(response.content.decode()):
                target = urljoin(url, form.action) if form.action else url
                parts = urlsplit(target)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.path.lstrip("/").startswith(tuple(PUBLIC_PREFIXES)) or not form.names():
                    continue  # login/logout and the like: allauth's own forms
                form.action = path
                if form.key() in seen:
                    continue
                seen.add(form.key())
                problems += [f"{p} (on {route} as {role})" for p in fuzz(client, form, path, cap)]
    return len(seen), problems


def test_every_page_form_answers_bad_input_in_words_plat_limit_1(tenant_a):
    """PLAT-LIMIT-1: every form of every page the URL walk reaches, as each role that sees it."""
    fuzzed, problems = fuzz_pages(tenant_a.people, page_routes(tenant_a))
    assert fuzzed >= 15, f"only {fuzzed} forms found: the walk no longer reaches the pages"
    assert not problems, "\n".join(problems)


def test_the_rate_card_editor_forms_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1: the rate-card draft's forms (the walk's agency has no card to start from)."""
    from agencies import cardeditor

    admin = demo.admin("nopd")
    cardeditor.start_draft(demo.nopd, actor=admin)
    pages = [
        (name, reverse(f"agencies:{name}", kwargs={"agency_slug": "nopd"}))
        for name in ("manage-card", "manage-draft", "manage-preview")
    ]
    # The draft's sections are long (a rate per rank and tier): the first fields of each.
    fuzzed, problems = fuzz_pages({"agency_admin": admin}, pages, cap=3 * len(BAD))
    assert fuzzed >= 3, f"only {fuzzed} forms found on the rate-card editor"
    assert not problems, "\n".join(problems)


def test_the_hours_worked_forms_plat_limit_1(demo, clock):
    """PLAT-LIMIT-1: the hours page's correct and approve forms, on a priced job that was worked
    (the walk's job is unpriced)."""
    from tests.billing.conftest import book_nopd
    from tests.billing.test_hours import worked

    job = book_nopd(demo)
    worked(job, 4, 4)
    pages = [("billing-job-hours", f"/jobs/{job.pk}/hours/"), ("jobs:detail", f"/jobs/{job.pk}/")]
    fuzzed, problems = fuzz_pages({"coordinator": demo.coordinator("nopd")}, pages)
    assert fuzzed >= 2, f"only {fuzzed} forms found on the hours page"
    assert not problems, "\n".join(problems)

"""Fixtures shared by every test folder (registered by tests/conftest.py): a fresh rate-card cache
and a fast password hasher for each test, the shipped cards, the demo data, a frozen clock, and
API and page clients for a user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import issue
from agencies.models import Agency
from officers.models import Officer
from tests.factories import CustomerOrganization, shipped_agencies

# The clock of most tests: 1 March 2027, 12:00 UTC (a Monday; no holiday near).
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_built_cards():
    """Each test starts without this process's built rate cards (Django's cache is cleared by
    ``_fresh_cache``)."""
    from agencies import ratecards

    ratecards.clear_cache()
    yield
    ratecards.clear_cache()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing is deliberately slow; the demo data and the sign-up tests hash many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def postgresql_only():
    """Tests of real parallel connections (row locks, exclusion constraints, concurrent
    deliveries) run on PostgreSQL only: on SQLite they are skipped with the reason; with
    DETAILHIRE_REQUIRE_POSTGRES=1 (CI) they fail instead, so CI never passes them by skipping."""
    import os

    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("DETAILHIRE_REQUIRE_POSTGRES", "") in {"1", "true", "yes"}:
        pytest.fail("DETAILHIRE_REQUIRE_POSTGRES is set: this test needs PostgreSQL.")
    pytest.skip("needs PostgreSQL (parallel connections): set DATABASE_URL=postgres://")


@pytest.fixture
def cards(db) -> dict[str, Agency]:
    """The shipped NOPD and Asheville agencies with their cards, loaded as an operator would."""
    return shipped_agencies()


@pytest.fixture
def clock():
    """Time frozen at NOW; ``clock.move_to(...)`` travels."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Demo:
    """seed_demo's data: the shipped agencies with their staff and officers, Acme Events and
    Bistro Row with one customer each."""

    nopd: Agency
    asheville: Agency
    acme: CustomerOrganization
    bistro: CustomerOrganization

    @staticmethod
    def user(email: str) -> User:
        return User.objects.get(email=email)

    @staticmethod
    def officer(email: str) -> Officer:
        with scopes_disabled():
            return Officer.objects.select_related("user").get(user__email=email)

    @property
    def customer(self) -> User:
        return self.user("customer@acme.demo")

    @property
    def bistro_customer(self) -> User:
        return self.user("customer@bistro.demo")

    def coordinator(self, slug: str) -> User:
        return self.user(f"coordinator@{slug}.demo")

    def admin(self, slug: str) -> User:
        return self.user(f"admin@{slug}.demo")


def seed() -> Demo:
    """Load the demo data (``manage.py seed_demo``, idempotent) and name its main rows."""
    from agencies.demo import seed_demo

    seed_demo()
    with scopes_disabled():
        return Demo(
            nopd=Agency.objects.get(slug="nopd"),
            asheville=Agency.objects.get(slug="asheville"),
            acme=CustomerOrganization.objects.get(name="Acme Events"),
            bistro=CustomerOrganization.objects.get(name="Bistro Row"),
        )


@pytest.fixture
def demo(db) -> Demo:
    return seed()


def token_for(user: User) -> str:
    """The user's API token, valid at the test's clock (tokens expire: accounts/tokens.py)."""
    return issue(user).key


def client_for(user: User) -> APIClient:
    """An API client authenticated by ``user``'s token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def browser_client(user: User) -> Client:
    """A page client logged in as ``user`` (a session)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for

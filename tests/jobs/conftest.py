"""Fixtures for the jobs tests: the demo data (seed_demo: the shipped NOPD and Asheville cards,
their staff and officers, Acme Events and Bistro Row), API clients by token, and a frozen clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from accounts.models import User
from agencies import ratecards
from agencies.demo import seed_demo
from agencies.models import Agency
from customers.models import CustomerOrganization
from officers.models import Officer
from tests.tenants import token_for

# The clock of most tests: 1 March 2027, 12:00 UTC (a Monday; no holiday near).
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_built_cards():
    ratecards.clear_cache()
    yield
    ratecards.clear_cache()


@pytest.fixture
def clock():
    """Time frozen at NOW; ``clock.move_to(...)`` travels."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Demo:
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


@pytest.fixture
def demo(db, settings) -> Demo:
    # the demo password is hashed once per run; a fast hasher keeps each test's seeding short
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo()
    with scopes_disabled():
        return Demo(
            nopd=Agency.objects.get(slug="nopd"),
            asheville=Agency.objects.get(slug="asheville"),
            acme=CustomerOrganization.objects.get(name="Acme Events"),
            bistro=CustomerOrganization.objects.get(name="Bistro Row"),
        )


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def as_user():
    return client_for

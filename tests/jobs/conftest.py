"""The jobs tests use the shared fixtures (tests/fixtures.py): the demo data, API clients by
token and a frozen clock. Their names stay importable from here."""

from tests.fixtures import NOW, Demo, _fresh_built_cards, as_user, client_for, clock, demo

__all__ = ["NOW", "Demo", "_fresh_built_cards", "as_user", "client_for", "clock", "demo"]

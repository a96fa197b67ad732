"""The audit tests use the demo data and frozen clock of the jobs tests."""

from tests.jobs.conftest import NOW, _fresh_built_cards, clock, demo  # noqa: F401

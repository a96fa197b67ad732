import pytest

from tests.officers.helpers import seed


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """seed_demo hashes every demo password; the tests do not need a slow hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """seed_demo's agencies, staff, officers and customers (docs/api.md)."""
    seed()

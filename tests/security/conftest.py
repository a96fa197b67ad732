import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing is deliberately slow; these tests hash many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from pathlib import Path

import pytest

from agencies import ratecards

ROOT = Path(__file__).resolve().parents[2]
CARD_FILES = sorted((ROOT / "agencies" / "cards").glob("*.json")) + sorted(
    (ROOT / "docs" / "examples").glob("*.json")
)


@pytest.fixture(autouse=True)
def _fresh_built_cards():
    """Each test starts without this process's built cards (Django's cache is cleared by the
    suite-wide fixture)."""
    ratecards.clear_cache()
    yield
    ratecards.clear_cache()

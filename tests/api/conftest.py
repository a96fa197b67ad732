from pathlib import Path

import pytest
from django.core.management import call_command

from agencies import ratecards

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_built_cards():
    ratecards.clear_cache()
    yield
    ratecards.clear_cache()


@pytest.fixture
def cards(db):
    """The shipped NOPD and Asheville cards, loaded as an operator would."""
    for name in ("nopd", "asheville"):
        path = ROOT / "agencies" / "cards" / f"{name}.json"
        call_command("load_ratecard", str(path), verbosity=0)

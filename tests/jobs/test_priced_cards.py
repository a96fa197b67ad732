"""A job refers to the card it was priced at (``PricedCard``), kept once per distinct card
instead of copied into every job (docs/operations.md, "Scale"); the job still keeps its prices
(PLAT-SNAPSHOT-1)."""

import pytest
from django_scopes import scopes_disabled

from agencies.pricing import codec
from agencies.ratecards import current_card
from jobs.models import PricedCard
from tests.jobs.conftest import client_for
from tests.jobs.helpers import asheville_body, get_job, publish_dearer_card

pytestmark = pytest.mark.django_db


def _book(demo) -> int:
    response = client_for(demo.customer).post("/api/v1/jobs/", asheville_body(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_jobs_on_one_card_share_one_copy_and_a_new_version_adds_one_plat_snapshot_1(demo, clock):
    """PLAT-SNAPSHOT-1: the card a job was priced at stays with the job, stored once."""
    first, second = _book(demo), _book(demo)
    with scopes_disabled():
        assert get_job(first).card_id == get_job(second).card_id
        assert PricedCard.objects.count() == 1
        priced = get_job(first).card_snapshot
    assert priced == codec.to_data(current_card("asheville"))

    publish_dearer_card()
    third = _book(demo)
    with scopes_disabled():
        assert PricedCard.objects.count() == 2
        assert get_job(third).card_id != get_job(first).card_id
        assert get_job(third).card.version == get_job(third).card_version
        assert get_job(first).card_snapshot == priced  # the old job's card did not move

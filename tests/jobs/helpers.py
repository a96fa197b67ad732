"""Request bodies and small helpers for the jobs tests."""

from __future__ import annotations

import dataclasses
from datetime import date

from agencies.pricing.shipped import load_shipped
from agencies.ratecards import save_card
from jobs import services
from jobs.models import Job
from tests.factories import get_job, job_count

__all__ = ["asheville_body", "get_job", "job_count", "nopd_body", "request_job"]


def asheville_body(**changes) -> dict:
    """2 officers, 8 hours, regular rate (Wed 10 March 2027, 10:00-18:00 Eastern)."""
    body = {
        "agency": "asheville",
        "title": "Spring market",
        "address": "1 Pack Square, Asheville NC",
        "category": "event_security",
        "post_orders": "Watch the north gate.",
        "shifts": [
            {"starts_at": "2027-03-10T10:00:00", "ends_at": "2027-03-10T18:00:00", "officers": 2}
        ],
    }
    body.update(changes)
    return body


def nopd_body(**changes) -> dict:
    """2 officers, 4 hours, Tier 3 (Wed 7 April 2027, 18:00-22:00 Central): 434.64."""
    body = {
        "agency": "nopd",
        "title": "Gallery opening",
        "address": "400 Julia St, New Orleans LA",
        "category": "event_security",
        "shifts": [
            {"starts_at": "2027-04-07T18:00:00", "ends_at": "2027-04-07T22:00:00", "officers": 2}
        ],
        "rank": "officer",
        "tier": "3",
    }
    body.update(changes)
    return body


def request_job(*, actor, organization, agency, now=None, **fields) -> Job:
    """A job requested through the booking service, its request written as the API's body
    (``shifts`` as dicts of ISO times or datetimes; a naive time is agency local time) and read
    by the API's own serializer into the typed values the service takes."""
    from jobs.serializers import JobRequestSerializer

    if "preferred_officer_ids" in fields:
        fields["preferred_officers"] = list(fields.pop("preferred_officer_ids"))
    body = {"agency": agency.slug, **fields}
    serializer = JobRequestSerializer(data=body, context={"user": actor})
    serializer.is_valid(raise_exception=True)
    pricing, details = serializer.inputs()
    return services.request_job(
        actor=actor, organization=organization, pricing=pricing, details=details, now=now
    )


def publish_dearer_card(slug: str = "asheville") -> None:
    """A new version of the agency's shipped card, officer pay 10 more an hour, in force from
    1 March 2027 (PLAT-SNAPSHOT-1 tests: jobs already booked keep their card)."""
    old = load_shipped(slug)
    save_card(
        dataclasses.replace(
            old,
            effective_from=date(2027, 3, 1),
            rates=tuple(dataclasses.replace(r, officer_pay=r.officer_pay + 10) for r in old.rates),
        )
    )

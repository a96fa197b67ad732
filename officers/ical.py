"""An officer's private, revocable calendar feed (RFC 5545, built with ``icalendar``).

The URL ``/officer/ical/<token>.ics`` carries a random token (``secrets.token_urlsafe``, 256 bits)
that is the only credential: calendar apps cannot log in. Regenerating replaces the token; the
old URL then answers 404. One VEVENT per assignment worked or to be worked (active or completed)
that starts after ``FEED_PAST`` ago: every upcoming detail and the last 30 days, so the feed's size
follows the officer's schedule, not their whole history. Times in UTC.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from agencies.formatting import money
from officers.models import Assignment, IcalFeed, Officer
from officers.states import WORKED_STATES

PRODID = "-//DetailHire//Officer schedule//EN"

# how far back the feed reaches: older details drop out of the officer's calendar
FEED_PAST = timedelta(days=30)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def feed_for(officer: Officer) -> IcalFeed:
    """The officer's feed, created on first use."""
    feed = IcalFeed.objects.filter(officer=officer).first()
    if feed is None:
        feed = IcalFeed.objects.create(officer=officer, token=new_token())
    return feed


def regenerate(officer: Officer) -> IcalFeed:
    """A new token: the old feed URL stops working at once."""
    feed = feed_for(officer)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def _description(assignment: Assignment, currency: str) -> str:
    position = assignment.position
    job = position.shift.job
    parts = [
        f"{position.get_role_display()} position, "
        f"{position.shift.tier and f'Tier {position.shift.tier}, ' or ''}"
        f"your pay {money(position.officer_pay_rate, currency)} per hour.",
    ]
    if assignment.responsible:
        parts.append("You are the officer responsible on site.")
    if job.site_contact_name or job.site_contact_phone:
        parts.append(f"Site contact: {job.site_contact_name} {job.site_contact_phone}".strip())
    if job.post_orders:
        parts.append("Post orders:\n" + job.post_orders)
    parts.append(f"{settings.SITE_URL}/officer/assignments/{assignment.pk}/")
    return "\n\n".join(parts)


def calendar_bytes(officer: Officer, *, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    agency = officer.agency
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Details · {agency.short_name or agency.name}")
    rows = (
        Assignment.objects.filter(
            officer=officer, state__in=WORKED_STATES, starts_at__gte=now - FEED_PAST
        )
        .select_related("position__shift__job")
        .defer(
            "position__shift__job__request_snapshot",
            "position__shift__job__quote",
        )
        .order_by("starts_at", "pk")
    )
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "detailhire"
    for assignment in rows:
        job = assignment.position.shift.job
        event = Event()
        event.add("uid", f"assignment-{assignment.pk}@{host}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", assignment.starts_at.astimezone(UTC))
        event.add("dtend", assignment.ends_at.astimezone(UTC))
        event.add("summary", f"Detail: {job.title}")
        event.add("location", job.address)
        event.add("description", _description(assignment, agency.currency))
        cal.add_component(event)
    return cal.to_ical()

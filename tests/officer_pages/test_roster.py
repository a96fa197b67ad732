"""Agency admins keep the officers' records: rank, badge, seniority, specialties, and deactivate
an officer (who keeps their history and loses access)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from officers.models import Officer
from tests.fixtures import browser_client
from tests.officers.helpers import book, local, officer, positions

pytestmark = pytest.mark.usefixtures("demo")


def form_data(o: Officer, **changes) -> dict:
    data = {
        "rank": o.rank,
        "badge_number": o.badge_number,
        "seniority_date": o.seniority_date.isoformat(),
        "specialties": ", ".join(o.specialties),
        "active": "on" if o.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_edits_an_officer_and_deactivates_them(demo, clock):
    admin = browser_client(demo.admin("nopd"))
    o = officer(3)
    url = reverse("officers:staff-officer-edit", args=[o.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url, form_data(o, badge_number="7777", specialties="canine, mounted"))
    assert response.status_code == 302
    o.refresh_from_db()
    assert (o.badge_number, o.specialties) == ("7777", ["canine", "mounted"])
    taken = officer(4).badge_number
    response = admin.post(url, form_data(o, badge_number=taken))
    assert response.status_code == 400
    assert b"another officer of the agency has this badge number" in response.content
    response = admin.post(url, form_data(o, active=""))
    assert response.status_code == 302
    o.refresh_from_db()
    assert not o.active
    officer_client = browser_client(o.user)
    assert officer_client.get(reverse("officers:board")).status_code == 403
    with scopes_disabled():
        assert AuditEvent.objects.filter(event_type="officer.updated").count() == 2


def test_an_officer_holding_upcoming_details_is_not_deactivated(demo, clock):
    from officers.services.claims import claim_position

    o = officer(1)
    job = book("Gate", ((local(2027, 3, 9, 8), local(2027, 3, 9, 12), 1),))
    claim_position(positions(job)[0].pk, actor=o.user)
    admin = browser_client(demo.admin("nopd"))
    url = reverse("officers:staff-officer-edit", args=[o.pk])
    response = admin.post(url, form_data(o, active=""))
    assert response.status_code == 400
    assert b"holds 1 upcoming detail" in response.content
    o.refresh_from_db()
    assert o.active


def test_a_coordinator_cannot_edit_officer_records(demo, clock):
    coordinator = browser_client(demo.coordinator("nopd"))
    url = reverse("officers:staff-officer-edit", args=[officer(1).pk])
    assert coordinator.get(url).status_code == 403
    other_admin = browser_client(demo.admin("asheville"))
    assert other_admin.get(url).status_code == 404

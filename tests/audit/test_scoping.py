"""Audit events are tenant data (PLAT-TENANT-1): an agency's people see their agency's events, a
customer the events of their organization's jobs; nobody sees another tenant's."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.tenancy import ScopeError, user_scope
from tests.customers.conftest import make_job
from tests.jobs.conftest import client_for

pytestmark = pytest.mark.django_db


def visible(user) -> set[int]:
    with user_scope(user):
        return set(AuditEvent.objects.values_list("job_id", flat=True))


def test_events_are_scoped_to_the_agency_and_the_organization_plat_tenant_1(demo, clock):
    """PLAT-TENANT-1."""
    asheville = make_job(demo, approve=True)  # Acme, with Asheville
    nopd = make_job(
        demo,
        agency="nopd",
        organization=demo.bistro,
        user=demo.bistro_customer,
        start="2027-04-07T18:00:00",
        end="2027-04-07T22:00:00",
    )
    with scopes_disabled():
        assert {e.job_id for e in AuditEvent.objects.all()} == {asheville.pk, nopd.pk}

    assert visible(demo.coordinator("asheville")) == {asheville.pk}
    assert visible(demo.officer("officer1@asheville.demo").user) == {asheville.pk}
    assert visible(demo.coordinator("nopd")) == {nopd.pk}
    assert visible(demo.customer) == {asheville.pk}
    assert visible(demo.bistro_customer) == {nopd.pk}

    # through the API: another tenant's job (and so its timeline) is not there at all
    assert (
        client_for(demo.coordinator("nopd")).get(f"/api/v1/jobs/{asheville.pk}/").status_code == 404
    )
    assert client_for(demo.bistro_customer).get(f"/api/v1/jobs/{asheville.pk}/").status_code == 404


def test_events_without_a_job_are_not_shown_to_tenants_plat_tenant_1(demo, clock):
    """PLAT-TENANT-1: an event about no job (an officer invited) is for operators only."""
    from datetime import date

    from officers.services.invitations import OfficerInvitation, invite_officer

    with scopes_disabled():
        invite_officer(
            OfficerInvitation(
                email="dana.reyes@nopd.demo",
                full_name="Dana Reyes",
                rank="sergeant",
                badge_number="S-7781",
                seniority_date=date(2012, 4, 2),
            ),
            actor=demo.coordinator("nopd"),
            base_url="https://detailhire.example/",
        )
        invited = AuditEvent.objects.get(event_type="officer.invited")
    assert invited.job_id is None and invited.agency_id == demo.nopd.pk
    assert (
        invited.text == "Marcus Boudreaux invited Dana Reyes (dana.reyes@nopd.demo) as an officer."
    )
    with user_scope(demo.coordinator("nopd")):
        assert not AuditEvent.objects.filter(pk=invited.pk).exists()


def test_reading_events_outside_any_scope_fails_loudly(demo, clock):
    make_job(demo)
    with pytest.raises(ScopeError):
        list(AuditEvent.objects.all())

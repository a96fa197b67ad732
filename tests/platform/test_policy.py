"""The one authorization policy (detailhire.policy): every action is registered once with a
sentence, the system may act, the anonymous may not, and each role gets what its rules say."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from detailhire import policy
from detailhire.errors import PermissionDenied
from tests.tenants import assignment_of, job_of


def test_every_action_has_a_sentence_and_a_dotted_name():
    actions = policy.registered()
    assert actions, "the apps register their actions when Django starts"
    for name, action in actions.items():
        assert "." in name, name
        assert action.message.endswith("."), name


def test_an_unknown_action_is_a_programming_error(tenant_a):
    with pytest.raises(LookupError):
        policy.allows(tenant_a.customer, "job.teleport")


def test_the_anonymous_may_do_nothing():
    anonymous = AnonymousUser()
    for name in policy.registered():
        assert not policy.allows(anonymous, name), name


def test_the_system_may_do_everything():
    for name in policy.registered():
        assert policy.allows(None, name), name


def test_a_refusal_is_a_403_for_pages_and_api_alike(tenant_a):
    with pytest.raises(policy.NotAllowed) as refused:
        policy.require(tenant_a.customer, "job.approve", job_of(tenant_a))
    assert isinstance(refused.value, PermissionDenied)
    assert isinstance(refused.value, DjangoPermissionDenied)
    assert refused.value.http_status == 403
    assert "coordinators" in str(refused.value)


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError):
        policy.action("job.approve", "Again.")(lambda actor, obj: True)


def test_job_actions_by_role(tenant_a, tenant_b):
    """NOPD-CANCEL-1: only the agency cancels for police necessity; the customer cancels with the
    policy's charge; another agency's staff may not act on the job at all."""
    job = job_of(tenant_a)
    customer, coordinator, officer = tenant_a.customer, tenant_a.coordinator, tenant_a.officer
    assert policy.allows(customer, "job.cancel", job)
    assert not policy.allows(customer, "job.cancel_police_necessity", job)
    assert policy.allows(coordinator, "job.cancel_police_necessity", job)
    assert policy.allows(coordinator, "job.approve", job)
    assert not policy.allows(officer, "job.approve", job)
    assert not policy.allows(officer, "job.cancel", job)
    assert not policy.allows(tenant_b.coordinator, "job.approve", job)
    assert not policy.allows(tenant_b.customer, "job.cancel", job)


def test_assignment_actions_by_role(tenant_a, tenant_b):
    assignment = assignment_of(tenant_a)
    assert policy.allows(tenant_a.officer, "assignment.attend", assignment)
    assert not policy.allows(tenant_a.coordinator, "assignment.attend", assignment)
    assert policy.allows(tenant_a.coordinator, "assignment.substitute", assignment)
    assert not policy.allows(tenant_a.officer, "assignment.substitute", assignment)
    assert not policy.allows(tenant_b.coordinator, "assignment.substitute", assignment)
    assert policy.allows(tenant_a.officer, "assignment.note", assignment)
    assert not policy.allows(tenant_b.officer, "assignment.note", assignment)

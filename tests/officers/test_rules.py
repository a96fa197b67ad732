"""The officers' actions of the one authorization policy (officers/rules.py): who may do what,
asked the same way by pages, API and services; the system (actor None) may do everything."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from agencies.models import Agency
from detailhire import policy
from officers.services.claims import claim_position
from tests.officers.helpers import book, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")

OFFICERS_ACTIONS = {
    "officer.pages",
    "staff.pages",
    "position.board",
    "position.claim",
    "assignment.list",
    "assignment.withdraw",
    "assignment.release",
    "assignment.substitute",
    "assignment.attend",
    "assignment.correct_attendance",
    "assignment.note",
    "field_media.view",
    "officer.invite",
    "officer.edit_phone",
}


def test_every_officers_action_is_registered_with_a_message():
    registered = policy.registered()
    assert set(registered) >= OFFICERS_ACTIONS
    for name in OFFICERS_ACTIONS:
        assert registered[name].message.endswith(".")


def test_who_may_do_what_with_an_assignment():
    (position,) = positions(book())
    with scopes_disabled():
        held = claim_position(position.pk, actor=user("officer1@nopd.demo"))
        nopd = Agency.objects.get(slug="nopd")
    holder = user("officer1@nopd.demo")
    colleague = user("officer2@nopd.demo")
    coordinator = user("coordinator@nopd.demo")
    foreign_staff = user("coordinator@asheville.demo")
    customer = user("customer@acme.demo")
    expected = {
        "assignment.withdraw": {holder, coordinator},
        "assignment.release": {coordinator},
        "assignment.substitute": {coordinator},
        "assignment.attend": {holder},
        "assignment.correct_attendance": {coordinator},
        "assignment.note": {holder, coordinator},
    }
    everyone = [holder, colleague, coordinator, foreign_staff, customer, AnonymousUser()]
    for name, allowed in expected.items():
        for actor in everyone:
            assert policy.allows(actor, name, held) == (actor in allowed), (name, actor)
        assert policy.allows(None, name, held)  # the system
    assert policy.allows(holder, "officer.edit_phone", officer(1))
    assert not policy.allows(colleague, "officer.edit_phone", officer(1))
    assert policy.allows(coordinator, "officer.invite", nopd)
    assert not policy.allows(foreign_staff, "officer.invite", nopd)
    assert not policy.allows(holder, "officer.invite", nopd)
    for name in ("position.board", "position.claim", "officer.pages"):
        assert [policy.allows(a, name) for a in (holder, coordinator, customer)] == [
            True,
            False,
            False,
        ]
    assert [policy.allows(a, "assignment.list") for a in (holder, coordinator, customer)] == [
        True,
        True,
        False,
    ]

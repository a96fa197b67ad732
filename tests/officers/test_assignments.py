"""Withdrawing (the card's cut-off, then only a coordinator), substitutions (NOPD-SUB-1) and who is
responsible on site (NOPD-SUP-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.errors import ConflictError, PermissionDenied
from jobs.models import Job, Position
from officers.models import Assignment
from officers.services.claims import claim_position, release_assignment, withdraw
from officers.services.substitution import substitute
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")

START = local(2027, 3, 9, 8)
END = local(2027, 3, 9, 16)


def claim(position, n: int) -> Assignment:
    return claim_position(position.pk, actor=officer(n).user, now=START - timedelta(days=7))


def responsible(job) -> list[int]:
    """Badge order of the officers marked responsible, per shift."""
    with scopes_disabled():
        return list(
            Assignment.objects.filter(position__shift__job=job, state="active", responsible=True)
            .order_by("position__shift__index")
            .values_list("officer__user__email", flat=True)
        )


# --- withdraw ------------------------------------------------------------------------------------


def test_withdraw_before_the_cutoff_reopens_the_position_and_mails_the_coordinator(
    mailoutbox, django_capture_on_commit_callbacks
):
    job = book(shifts=((START, END, 1),))
    (position,) = positions(job)
    assignment = claim(position, 1)
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(assignment, actor=officer(1).user, now=START - timedelta(hours=25))
    assignment.refresh_from_db()
    position.refresh_from_db()
    job.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    assert position.status == Position.Status.OPEN
    assert job.status == Job.Status.APPROVED
    (mail,) = [m for m in mailoutbox if m.to == ["coordinator@nopd.demo"]]
    assert "Andre Fontenot" in mail.body and "withdrew" in mail.body
    assert "Tue Mar 9, 8:00 AM-4:00 PM" in mail.body
    # the position can be claimed again
    assert claim(position, 2).state == "active"


def test_after_the_cutoff_only_a_coordinator_releases(
    mailoutbox, django_capture_on_commit_callbacks
):
    job = book(shifts=((START, END, 1),))
    assignment = claim(positions(job)[0], 1)
    late = START - timedelta(hours=23)
    with pytest.raises(ConflictError) as refused:
        withdraw(assignment, actor=officer(1).user, now=late)
    assert str(refused.value) == (
        "You can withdraw until 24 h before the start (Mon Mar 8, 8:00 AM); "
        "ask your coordinator to release you."
    )
    with pytest.raises(PermissionDenied):
        release_assignment(assignment, actor=officer(1).user, now=late)
    with django_capture_on_commit_callbacks(execute=True):
        release_assignment(assignment, actor=user("coordinator@nopd.demo"), now=late)
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    assert "released by Marcus Boudreaux" in mailoutbox[0].body
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            object_id=assignment.pk, event_type="assignment.released"
        ).exists()


def test_another_officer_cannot_withdraw_someone_elses_assignment():
    job = book(shifts=((START, END, 1),))
    assignment = claim(positions(job)[0], 1)
    with pytest.raises(PermissionDenied):
        withdraw(assignment, actor=officer(2).user, now=START - timedelta(days=3))


# --- substitution ------------------------------------------------------------------------------


def test_a_coordinator_substitutes_another_officer_nopd_sub_1():
    """NOPD-SUB-1."""
    job = book(shifts=((START, END, 1),))
    old = claim(positions(job)[0], 1)
    new = substitute(old, actor=user("coordinator@nopd.demo"), officer=officer(3))
    old.refresh_from_db()
    assert old.state == Assignment.State.REPLACED
    assert (new.state, new.officer_id) == ("active", officer(3).pk)
    assert new.position_id == old.position_id
    assert new.responsible
    with scopes_disabled():
        types = set(
            AuditEvent.objects.filter(job=job, object_type="assignment").values_list(
                "event_type", flat=True
            )
        )
    assert {"assignment.claimed", "assignment.replaced", "assignment.substituted"} <= types


def test_a_substitute_passes_the_same_checks_nopd_sub_1():
    """NOPD-SUB-1."""
    job = book("Warehouse gate", shifts=((START, END, 1),))
    other = book("Parade route", shifts=((START + timedelta(hours=2), END, 1),))
    old = claim(positions(job)[0], 1)
    claim(positions(other)[0], 3)
    with pytest.raises(ConflictError) as refused:
        substitute(old, actor=user("coordinator@nopd.demo"), officer=officer(3))
    assert str(refused.value).startswith("This overlaps your 10:00 AM-4:00 PM detail on Tue Mar 9")
    old.refresh_from_db()
    assert old.state == "active"


def test_only_coordinators_substitute_nopd_sub_1():
    """NOPD-SUB-1."""
    job = book(shifts=((START, END, 1),))
    old = claim(positions(job)[0], 1)
    with pytest.raises(PermissionDenied):
        substitute(old, actor=officer(2).user, officer=officer(3))
    with pytest.raises(PermissionDenied):
        substitute(old, actor=user("coordinator@asheville.demo"), officer=officer(3))


# --- responsibility ----------------------------------------------------------------------------


def test_the_most_senior_officer_is_responsible_without_a_supervisor_nopd_sup_1():
    """NOPD-SUP-1."""
    job = book(shifts=((START, END, 3),))
    first, second, third = positions(job)
    claim(first, 1)  # Police Officer since 2021
    assert responsible(job) == ["officer1@nopd.demo"]
    claim(second, 4)  # Police Officer since 2018: more senior
    assert responsible(job) == ["officer4@nopd.demo"]
    claim(third, 9)  # a Sergeant outranks both
    assert responsible(job) == ["officer9@nopd.demo"]
    with scopes_disabled():
        sergeant = Assignment.objects.get(position=third)
    release_assignment(sergeant, actor=user("coordinator@nopd.demo"), now=START - timedelta(days=2))
    assert responsible(job) == ["officer4@nopd.demo"]


def test_the_supervisor_is_responsible_when_there_is_one_nopd_sup_1():
    """NOPD-SUP-1."""
    job = book(shifts=((START, END, 5),))
    officers_positions = positions(job, role="officer")
    (supervisor,) = positions(job, role="supervisor")
    claim(officers_positions[0], 12)  # a Captain on an officer position
    assert responsible(job) == ["officer12@nopd.demo"]
    claim(supervisor, 9)  # the Sergeant holding the supervisor position is in charge
    assert responsible(job) == ["officer9@nopd.demo"]
    with scopes_disabled():
        assert Assignment.objects.filter(position__shift__job=job, responsible=True).count() == 1

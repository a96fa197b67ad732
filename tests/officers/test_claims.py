"""Claims (PLAT-CLAIM-1), overlaps (PLAT-OVERLAP-1), hour caps (NOPD-CAP-1), eligibility and the
preferred window (NOPD-REL-1), through the services with seed_demo's NOPD people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.errors import ConflictError, NotFound, PermissionDenied
from jobs.models import Job, Position
from officers.models import Assignment
from officers.services.claims import TAKEN, claim_position
from tests.officers.helpers import book, local, officer, positions, user

pytestmark = pytest.mark.usefixtures("demo")


def claim(position, n: int, **kwargs) -> Assignment:
    return claim_position(position.pk, actor=officer(n).user, **kwargs)


def test_a_claim_holds_the_position_and_the_last_one_fills_the_job_plat_claim_1():
    """PLAT-CLAIM-1."""
    job = book(shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 2),))
    first, second = positions(job)
    assignment = claim(first, 1)
    assert assignment.state == Assignment.State.ACTIVE
    assert assignment.starts_at == first.shift.starts_at
    assert assignment.ends_at == first.shift.ends_at
    first.refresh_from_db()
    job.refresh_from_db()
    assert first.status == Position.Status.FILLED
    assert job.status == Job.Status.APPROVED
    with scopes_disabled():
        entry = AuditEvent.objects.get(object_type="assignment", object_id=assignment.pk)
    assert (entry.event_type, entry.to_state, entry.actor) == (
        "assignment.claimed",
        "active",
        officer(1).user,
    )

    claim(second, 2)
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED


def test_a_taken_position_answers_409_plat_claim_1():
    """PLAT-CLAIM-1."""
    job = book()
    (position,) = positions(job)
    claim(position, 1)
    with pytest.raises(ConflictError) as refused:
        claim(position, 2)
    assert str(refused.value) == TAKEN
    with scopes_disabled():
        assert Assignment.objects.filter(position=position, state="active").count() == 1


def test_another_agencys_position_is_not_found():
    job = book()
    (position,) = positions(job)
    with pytest.raises(NotFound):
        claim_position(position.pk, actor=officer(1, "asheville").user)


def test_only_officers_claim():
    (position,) = positions(book())
    with pytest.raises(PermissionDenied):
        claim_position(position.pk, actor=user("customer@acme.demo"))


def test_an_overlapping_claim_names_the_detail_in_local_time_plat_overlap_1():
    """PLAT-OVERLAP-1."""
    gate = book("Warehouse gate", ((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    parade = book("Parade route", ((local(2027, 3, 9, 15), local(2027, 3, 9, 19), 1),))
    claim(positions(gate)[0], 1)
    with pytest.raises(ConflictError) as refused:
        claim(positions(parade)[0], 1)
    assert str(refused.value) == (
        "This overlaps your 8:00 AM-4:00 PM detail on Tue Mar 9 at Warehouse gate."
    )


def test_back_to_back_details_do_not_overlap_plat_overlap_1():
    """PLAT-OVERLAP-1."""
    gate = book("Warehouse gate", ((local(2027, 3, 9, 8), local(2027, 3, 9, 12), 1),))
    parade = book("Parade route", ((local(2027, 3, 9, 12), local(2027, 3, 9, 16), 1),))
    claim(positions(gate)[0], 1)
    assert claim(positions(parade)[0], 1).state == "active"


def test_sixteen_hours_in_24_is_the_limit_nopd_cap_1():
    """NOPD-CAP-1."""
    day = book("Day", ((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 1),))
    night = book("Night", ((local(2027, 3, 9, 17), local(2027, 3, 10, 1), 1),))
    early = book("Early", ((local(2027, 3, 10, 2), local(2027, 3, 10, 6), 1),))
    claim(positions(day)[0], 1)
    claim(positions(night)[0], 1)  # 16 h in 24 h: allowed
    with pytest.raises(ConflictError) as refused:
        claim(positions(early)[0], 1)
    assert str(refused.value) == "This would make 20 h in 24 h; the limit is 16."
    later = book("Later", ((local(2027, 3, 10, 9), local(2027, 3, 10, 10), 1),))
    # Tue 8:00 AM-Wed 8:00 AM held 16 h; from 9:00 AM Tue the window holds 15 h + this 1 h = 16 h
    assert claim(positions(later)[0], 1).state == "active"


def test_32_hours_a_calendar_week_is_the_limit_nopd_cap_1():
    """NOPD-CAP-1."""
    for day in (8, 9, 10, 11):  # Mon-Thu, 8 h each: 32 h
        job = book(f"Day {day}", ((local(2027, 3, day, 8), local(2027, 3, day, 16), 1),))
        claim(positions(job)[0], 1)
    friday = book("Friday", ((local(2027, 3, 12, 8), local(2027, 3, 12, 12), 1),))
    with pytest.raises(ConflictError) as refused:
        claim(positions(friday)[0], 1)
    assert str(refused.value) == "This would make 36 h in the week of Mon Mar 8; the limit is 32."
    next_monday = book("Next week", ((local(2027, 3, 15, 8), local(2027, 3, 15, 12), 1),))
    assert claim(positions(next_monday)[0], 1).state == "active"


def test_supervisor_positions_need_a_supervisor_rank_nopd_sup_1():
    """NOPD-SUP-1."""
    job = book(shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 5),))
    (supervisor,) = positions(job, role="supervisor")
    assert supervisor.required_rank == "sergeant"
    with pytest.raises(ConflictError) as refused:
        claim(supervisor, 1)  # a Police Officer
    assert str(refused.value) == (
        "This is a supervisor position: it needs a Sergeant or higher rank."
    )
    assert claim(supervisor, 11).state == "active"  # a Lieutenant outranks a Sergeant


def test_a_required_rank_needs_that_rank_or_higher():
    job = book(shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 2),), rank="sergeant")
    first, second = positions(job)
    assert first.required_rank == "sergeant"
    with pytest.raises(ConflictError) as refused:
        claim(first, 1)
    assert str(refused.value) == (
        "This position needs a Sergeant or higher; your rank is Police Officer."
    )
    assert claim(first, 9).state == "active"
    assert claim(second, 12).state == "active"


def test_task_positions_need_the_specialty():
    job = book(
        "Funeral escort",
        ((local(2027, 3, 9, 8), local(2027, 3, 9, 12), 1),),
        job_type="motorcycle_escort",
        category="funeral_escort",
        tier=None,
    )
    (position,) = positions(job)
    assert position.required_specialty == "motorcycle"
    with pytest.raises(ConflictError) as refused:
        claim(position, 1)
    assert "motorcycle specialty" in str(refused.value)
    assert claim(position, 6).state == "active"  # officer 6 rides a motorcycle


def test_preferred_officers_claim_first_then_everyone_nopd_rel_1():
    """NOPD-REL-1."""
    job = book()
    (position,) = positions(job)
    until = timezone.now() + timedelta(hours=48)
    with scopes_disabled():
        job.preferred_officers.add(officer(2))
        Position.objects.filter(pk=position.pk).update(preferred_until=until)
    with pytest.raises(ConflictError) as refused:
        claim(position, 1)
    assert "held for officers who have worked this customer's detail before" in str(refused.value)
    # after the window, anyone eligible may claim
    assert claim(position, 1, now=until + timedelta(minutes=1)).state == "active"


def test_a_preferred_officer_claims_inside_the_window_nopd_rel_1():
    """NOPD-REL-1."""
    job = book()
    (position,) = positions(job)
    with scopes_disabled():
        job.preferred_officers.add(officer(2))
        Position.objects.filter(pk=position.pk).update(
            preferred_until=timezone.now() + timedelta(hours=48)
        )
    assert claim(position, 2).state == "active"


def test_a_job_not_yet_approved_cannot_be_claimed():
    job = book(approve=False)
    (position,) = positions(job)
    with pytest.raises(ConflictError) as refused:
        claim(position, 1)
    assert str(refused.value) == "This position is not open for claims."

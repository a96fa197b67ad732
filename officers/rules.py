"""Who may do what with positions, assignments, field notes and officers (registered with
``detailhire.policy``). ``obj`` is None for the role-level question."""

from __future__ import annotations

from accounts.roles import roles_of
from detailhire import policy


def _assignment_agency(assignment) -> int | None:
    """The agency of an assignment's officer (an assignment's job is of the same agency)."""
    officer = assignment.officer if "officer" in assignment._state.fields_cache else None
    if officer is not None:
        return officer.agency_id
    from officers.models import Officer

    return (
        Officer._base_manager.filter(pk=assignment.officer_id)
        .values_list("agency_id", flat=True)
        .first()
    )


@policy.action("officer.pages", "These pages are for officers.")
def may_use_officer_pages(actor, _obj) -> bool:
    return roles_of(actor).officer_id is not None


@policy.action("staff.pages", "These pages are for agency staff.")
def may_use_staff_pages(actor, agency) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency is None or agency.pk in ids)


@policy.action("position.board", "The job board is for officers.")
def may_see_board(actor, _obj) -> bool:
    return roles_of(actor).officer_id is not None


@policy.action("assignment.list", "Only officers and agency staff have assignments.")
def may_list_assignments(actor, _obj) -> bool:
    roles = roles_of(actor)
    return roles.officer_id is not None or bool(roles.staff_agency_ids)


@policy.action("position.claim", "Only an officer may claim a position.")
def may_claim(actor, position) -> bool:
    return roles_of(actor).officer_id is not None


@policy.action("assignment.withdraw", "Only the officer on this detail may withdraw from it.")
def may_withdraw(actor, assignment) -> bool:
    roles = roles_of(actor)
    if assignment is None:
        return roles.officer_id is not None or bool(roles.staff_agency_ids)
    if roles.officer_id == assignment.officer_id:
        return True
    return _assignment_agency(assignment) in roles.staff_agency_ids


@policy.action("assignment.release", "Only the agency's coordinators may release an officer.")
def may_release(actor, assignment) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (assignment is None or _assignment_agency(assignment) in ids)


@policy.action("position.assign", "Only the agency's coordinators may assign officers.")
def may_assign(actor, job) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (job is None or job.agency_id in ids)


@policy.action("assignment.substitute", "Only the agency's coordinators may substitute officers.")
def may_substitute(actor, assignment) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (assignment is None or _assignment_agency(assignment) in ids)


@policy.action("assignment.attend", "Only the officer on this detail can check in and out.")
def may_attend(actor, assignment) -> bool:
    officer_id = roles_of(actor).officer_id
    return officer_id is not None and (assignment is None or officer_id == assignment.officer_id)


@policy.action(
    "assignment.correct_attendance",
    "Only the agency's coordinators may correct an officer's attendance.",
)
def may_correct_attendance(actor, assignment) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (assignment is None or _assignment_agency(assignment) in ids)


@policy.action("assignment.note", "Only the officer on this detail and agency staff add notes.")
def may_note(actor, assignment) -> bool:
    roles = roles_of(actor)
    if assignment is None:
        return roles.officer_id is not None or bool(roles.staff_agency_ids)
    return (
        roles.officer_id == assignment.officer_id
        or _assignment_agency(assignment) in roles.staff_agency_ids
    )


@policy.action("field_media.view", "No such file.")
def may_view_field_media(actor, media) -> bool:
    """The job's customer organization, an officer who holds (or held and worked) a position on
    the job, or the agency's staff."""
    roles = roles_of(actor)
    if media is None:
        return True
    job = media.note.assignment.position.shift.job
    if job.agency_id in roles.staff_agency_ids or job.organization_id in roles.organization_ids:
        return True
    if roles.officer_id is None:
        return False
    from officers.models import Assignment
    from officers.states import HOLDING_STATES

    return Assignment._base_manager.filter(
        officer_id=roles.officer_id, position__shift__job_id=job.pk, state__in=HOLDING_STATES
    ).exists()


@policy.action("officer.invite", "Only agency admins and coordinators invite officers.")
def may_invite(actor, agency) -> bool:
    ids = roles_of(actor).staff_agency_ids
    return bool(ids) and (agency is None or agency.pk in ids)


@policy.action("officer.edit_phone", "Only the officer may change their phone number.")
def may_edit_phone(actor, officer) -> bool:
    officer_id = roles_of(actor).officer_id
    return officer_id is not None and (officer is None or officer.pk == officer_id)

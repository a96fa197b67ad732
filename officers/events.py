"""The events the officers app records, and how each reads on the job's timeline.

Registered with ``audit.registry`` (imported from ``OfficersConfig.ready``). Each sentence is a
Django template over the event's data (see ``audit.registry``); a position is named from
``position_data`` ("Officer 2 on Shift 1 of job #41").
"""

from __future__ import annotations

from audit.registry import event_type

POSITION = (
    "{{ role|capfirst }} {{ position_number }} on Shift {{ shift_number }} of job #{{ job_id }}"
)


def position_data(position) -> dict:
    """What names a position in a sentence: its role, its number and its shift's number."""
    return {
        "position": position.pk,
        "role": position.role,
        "position_number": position.index + 1,
        "shift_number": position.shift.index + 1,
    }


event_type(
    "assignment.assigned",
    action="assigned",
    text="{{ actor_name }} assigned {{ officer_name }} to " + POSITION + ".",
)
event_type(
    "assignment.claimed", action="claimed", text="{{ officer_name }} claimed " + POSITION + "."
)
event_type(
    "assignment.withdrawn",
    action="withdrawn",
    text="{{ officer_name }} withdrew from " + POSITION + ".",
)
event_type(
    "assignment.released",
    action="released",
    text="{{ actor_name }} released {{ officer_name }} from " + POSITION + ".",
)
event_type(
    "assignment.replaced",
    action="replaced",
    text="{{ by_name }} replaced {{ officer_name }} on " + POSITION + ".",
)
event_type(
    "assignment.substituted",
    action="substituted",
    text="{{ officer_name }} assigned to " + POSITION + " in place of {{ replaces_name }}.",
)
event_type(
    "assignment.checked_in",
    action="checked_in",
    text="{{ officer_name }} checked in{% if late %} late{% endif %}.",
)
event_type(
    "assignment.check_out_undone",
    action="check_out_undone",
    text=(
        "{{ by_name }} undid the check-out of {{ officer_name }}"
        "{% if reason %}: {{ reason }}{% else %}.{% endif %}"
    ),
)
event_type(
    "assignment.hours_corrected",
    action="hours_corrected",
    text=(
        "{{ by_name }} corrected the hours of {{ officer_name }} to {{ hours_worked }} h: "
        "{{ reason }}"
    ),
)
event_type(
    "assignment.checked_out",
    action="checked_out",
    text="{{ officer_name }} checked out: {{ hours_worked }} h worked.",
)
event_type(
    "note.added",
    action="note_added",
    text="{{ actor_name }} added a field note{% if with_file %} with a file{% endif %}.",
)
event_type(
    "officer.invited",
    action="officer_invited",
    text="{{ actor_name }} invited {{ full_name }} ({{ email }}) as an officer.",
)
event_type(
    "duty.imported",
    action="duty imported",
    text="{{ actor_name }} imported regular duty: {{ shifts }} shift{{ shifts|pluralize }} "
    "for {{ officers }} officer{{ officers|pluralize }} ({{ added }} new, {{ removed }} removed).",
)
event_type(
    "officer.updated",
    action="officer updated",
    text="{{ actor_name }} changed {{ full_name }}'s {{ fields|join:', ' }}.",
)
event_type(
    "assignment.completed",
    action="completed",
    text="{{ officer_name }}'s detail ended with the job{% if hours_worked %}: "
    "{{ hours_worked }} h worked{% endif %}.",
)
event_type(
    "assignment.no_show",
    action="no_show",
    text="{{ officer_name }} did not show: no check-in by the end of the job.",
)

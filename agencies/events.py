"""The events the agencies app records (registered with ``audit.registry`` from
``AgenciesConfig.ready``): changes to a rate card and to the agency's profile."""

from __future__ import annotations

from audit.registry import event_type

event_type(
    "ratecard.draft_started",
    action="draft started",
    text="{{ actor_name }} started a rate card draft from version {{ based_on }}.",
)
event_type(
    "ratecard.draft_imported",
    action="draft imported",
    text="{{ actor_name }} imported a rate card into the draft.",
)
event_type(
    "ratecard.published",
    action="published",
    text="{{ actor_name }} published rate card version {{ version }}, in force from "
    "{{ effective_from }}.",
)
event_type(
    "agency.profile_changed",
    action="profile changed",
    text="{{ actor_name }} changed the agency's {{ fields|join:', ' }}.",
)
event_type(
    "staff.invited",
    action="staff invited",
    text="{{ actor_name }} added {{ full_name }} ({{ email }}) as {{ role }}.",
)
event_type(
    "staff.removed",
    action="staff removed",
    text="{{ actor_name }} removed {{ email }} ({{ role }}) from the staff.",
)

"""Officer pages: job board, claim, schedule (with the iCal feed and earnings), an assignment's
page (check in/out, withdraw, field notes), profile; and the staff pages to invite officers, watch
attendance and import regular duty. Thin: parse, find the object in the caller's tenant scope
(another tenant's is 404), call a service, render. Services refuse with sentences; the pages show
them. One module per concern; the URL names are those of ``officers.urls``."""

from officers.views.assignments import (
    add_note,
    assignment_detail,
    assignment_withdraw,
    check_in,
    check_out,
    field_media,
    undo_check_out,
)
from officers.views.board import board, claim, officer_home
from officers.views.common import STAFF_AGENCY_SESSION_KEY, staff_required, with_officer
from officers.views.duty import staff_duty, staff_duty_feed
from officers.views.profile import profile
from officers.views.schedule import ical_feed, ical_regenerate, schedule
from officers.views.staff import (
    staff_attendance,
    staff_officer_edit,
    staff_officers,
    staff_undo_check_out,
)

__all__ = [
    "STAFF_AGENCY_SESSION_KEY",
    "add_note",
    "assignment_detail",
    "assignment_withdraw",
    "board",
    "check_in",
    "check_out",
    "claim",
    "field_media",
    "ical_feed",
    "ical_regenerate",
    "officer_home",
    "profile",
    "schedule",
    "staff_attendance",
    "staff_duty",
    "staff_duty_feed",
    "staff_officer_edit",
    "staff_officers",
    "staff_required",
    "staff_undo_check_out",
    "undo_check_out",
    "with_officer",
]

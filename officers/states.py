"""The assignment state sets, defined once: which states hold a position, count as worked, are
still live, or left the detail before it was worked. Every query and check in the project that
asks "is this officer on the detail" uses these names (the jobs app imports them too).

The job states in which an officer may claim (and the board shows) a job's open positions are
here as well: claiming is the officers' side of the job's lifecycle."""

from __future__ import annotations

from jobs.models import Job, Position
from officers.models import Assignment

State = Assignment.State

# The lifecycle ends: an assignment is ``active`` until its job completes (the job-progress
# sweep), then ``completed`` (the officer checked in) or ``no_show`` (never checked in)
# (``officers.services.completion``). Only active rows are in the no-double-booking exclusion
# constraint (``officers.dbops``), so its index holds the live schedule, not the history.

# the officer is on the detail now: the one state claims, withdrawals, substitutions, check-in,
# overlaps, responsibility and the officer's upcoming schedule act on
LIVE_STATES = (State.ACTIVE,)

# the officer holds (or held to the end) the position, whether or not they came: the job's
# holders, hours approval, attendance corrections, notes, who sees files, reports, the
# customer's survey (a no-show is worth a comment)
HOLDING_STATES = (State.ACTIVE, State.COMPLETED, State.NO_SHOW)

# the assignment counts as worked (or to be worked): earnings, hour caps, the calendar feed,
# "worked for this customer before"
WORKED_STATES = (State.ACTIVE, State.COMPLETED)

# an officer who checked in may still check out after the job completed (the sweep ran first)
CHECK_OUT_STATES = WORKED_STATES

# an assignment the job's completion ends (as completed or no_show)
COMPLETABLE_STATES = LIVE_STATES

# an assignment a cancellation or reduction of the job releases
RELEASABLE_STATES = LIVE_STATES

# the officer left before the detail (withdrew or was replaced): off the attendance list
LEFT_STATES = (State.WITHDRAWN, State.REPLACED)

# the assignment is over without the officer working it
ENDED_STATES = (State.WITHDRAWN, State.REPLACED, State.CANCELLED, State.NO_SHOW)

# a job whose open positions officers may claim (in progress: shifts still ahead)
CLAIMABLE_JOB_STATES = (Job.Status.APPROVED, Job.Status.FILLED, Job.Status.IN_PROGRESS)

# a position the board offers (the job being claimable too)
CLAIMABLE_POSITION_STATES = (Position.Status.OPEN,)

# a position that needs nobody more: filled or cancelled (the job is staffed without it)
STAFFED_POSITION_STATES = (Position.Status.FILLED, Position.Status.CANCELLED)

__all__ = [
    "CLAIMABLE_JOB_STATES",
    "CHECK_OUT_STATES",
    "CLAIMABLE_POSITION_STATES",
    "COMPLETABLE_STATES",
    "ENDED_STATES",
    "HOLDING_STATES",
    "LEFT_STATES",
    "LIVE_STATES",
    "RELEASABLE_STATES",
    "STAFFED_POSITION_STATES",
    "WORKED_STATES",
]

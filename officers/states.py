"""The assignment state sets, defined once: which states hold a position, count as worked, are
still live, or left the detail before it was worked. Every query and check in the project that
asks "is this officer on the detail" uses these names (the jobs app imports them too).

The job states in which an officer may claim (and the board shows) a job's open positions are
here as well: claiming is the officers' side of the job's lifecycle."""

from __future__ import annotations

from jobs.models import Job, Position
from officers.models import Assignment

State = Assignment.State

# the officer is on the detail now: the one state claims, withdrawals, substitutions, attendance,
# hour caps, overlaps, responsibility and the calendar feed act on
LIVE_STATES = (State.ACTIVE,)

# the officer holds (or held to the end) the position: the job's holders, notes, who sees files
HOLDING_STATES = (State.ACTIVE, State.COMPLETED)

# the assignment counts as worked (or to be worked): earnings, "worked for this customer before"
WORKED_STATES = (State.ACTIVE, State.COMPLETED)

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
    "CLAIMABLE_POSITION_STATES",
    "ENDED_STATES",
    "HOLDING_STATES",
    "LEFT_STATES",
    "LIVE_STATES",
    "RELEASABLE_STATES",
    "STAFFED_POSITION_STATES",
    "WORKED_STATES",
]

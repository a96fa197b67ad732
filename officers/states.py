"""Sets of assignment states, defined once (the officers app owns assignments).

- ``HOLDING_STATES``: the officer holds the position (assigned, or the shift was worked).
- ``WORKED_STATES``: the officer worked (or is working) the shift: earnings, "worked your past
  jobs" for preferred officers (NOPD-REL-1).
- ``RELEASABLE_STATES``: an assignment a cancellation or reduction releases.
"""

from __future__ import annotations

from officers.models import Assignment

A = Assignment.State

__all__ = ["HOLDING_STATES", "RELEASABLE_STATES", "WORKED_STATES"]

HOLDING_STATES = (A.ACTIVE, A.COMPLETED)
WORKED_STATES = (A.ACTIVE, A.COMPLETED)
RELEASABLE_STATES = (A.ACTIVE,)

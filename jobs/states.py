"""Sets of job states, defined once for services, pages, the API and the officers' board.

- ``ACTIVE``: the job is still on (requested or approved and not over): it can be cancelled or
  reduced, and a request can still be decided.
- ``APPROVED``: the agency took it (approved, filled or in progress): a cancellation charge counts
  the approved policy; officers see and claim its positions.
- ``LIVE``: on the officers' board and claimable (the same states as ``APPROVED``).
- ``NOT_STARTED``: approved and not started yet (approved or filled): the progress sweep starts
  these when their first shift begins.
- ``ENDED``: nothing changes any more (completed, denied, cancelled).
"""

from __future__ import annotations

from jobs.models import Job

S = Job.Status

__all__ = ["ACTIVE", "APPROVED", "ENDED", "LIVE", "NOT_STARTED"]

ACTIVE = (S.REQUESTED, S.APPROVED, S.FILLED, S.IN_PROGRESS)
APPROVED = (S.APPROVED, S.FILLED, S.IN_PROGRESS)
LIVE = APPROVED
NOT_STARTED = (S.APPROVED, S.FILLED)
ENDED = tuple(state for state in S if state not in ACTIVE)

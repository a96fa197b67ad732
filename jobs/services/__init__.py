"""Job services: every state change of a job goes through one of these functions.
Views, pages, admin actions and sweeps call them; they check who acts, lock the job,
re-check its state, write, and record the audit row in the same transaction.

- ``jobs.services.booking``: ``price_request``, ``request_job``, ``preferred_officer_choices``
- ``jobs.services.lifecycle``: ``approve_job``, ``deny_job``, ``mark_filled``, ``reopen``,
  ``sync_fill_status``, ``start_job``, ``complete_job``
- ``jobs.services.cancellation``: ``preview_cancellation``, ``cancel_job``,
  ``preview_reduction``, ``reduce_job``
- ``jobs.services.reschedule``: ``preview_reschedule``, ``reschedule_job`` (agency staff move a
  shift's times)

Errors are ``detailhire.errors.DomainError`` subclasses (``jobs.services.common``): a sentence
for the user, and ``field`` when the input is at fault.
"""

from jobs.services.booking import (
    PricedRequest,
    preferred_officer_choices,
    price_request,
    request_job,
)
from jobs.services.cancellation import (
    Reduction,
    cancel_job,
    preview_cancellation,
    preview_reduction,
    reduce_job,
)
from jobs.services.common import BookingError, ChargeChanged, NotAllowed, TransitionError
from jobs.services.lifecycle import (
    approve_job,
    complete_job,
    deny_job,
    expire_request,
    mark_filled,
    reopen,
    start_job,
    sync_fill_status,
)
from jobs.services.reschedule import Reschedule, preview_reschedule, reschedule_job

__all__ = [
    "BookingError",
    "ChargeChanged",
    "NotAllowed",
    "PricedRequest",
    "Reduction",
    "Reschedule",
    "TransitionError",
    "approve_job",
    "cancel_job",
    "complete_job",
    "deny_job",
    "expire_request",
    "mark_filled",
    "preferred_officer_choices",
    "preview_cancellation",
    "preview_reduction",
    "preview_reschedule",
    "price_request",
    "reduce_job",
    "reopen",
    "reschedule_job",
    "request_job",
    "start_job",
    "sync_fill_status",
]

"""The events the desk records (``audit.registry``), and how each reads on the job's timeline."""

from __future__ import annotations

from audit.registry import event_type

event_type(
    "feedback.recorded",
    action="feedback recorded",
    text="{{ actor_name }} recorded the customer's feedback on {{ officer_name }}: {{ rating }}/5.",
)

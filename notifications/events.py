"""Audit events of notifications (registered with ``audit.registry`` from the app's ``ready``)."""

from audit.registry import event_type

event_type("survey.sent", action="sent", text="Survey emailed to {{ to }}.")
event_type("survey.answered", action="answered", text="The customer answered the survey.")
event_type(
    "job.short_notice",
    action="short notice",
    text="Short notice: requested {{ hours }} h before the start (a coordinator must approve).",
)
event_type(
    "invoice.deadline_extended",
    action="deadline extended",
    text="Payment deadline moved to {{ due_at_text }} by {{ actor_name }}: {{ reason }}",
)

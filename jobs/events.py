"""The events the jobs app records, and how each reads on the job's timeline.

Registered with ``audit.registry`` (imported from ``JobsConfig.ready``). Each sentence is a
Django template over the event's data (see ``audit.registry``): amounts are decimal strings with
their currency code, formatted here ("$434.64"); ``actor_name`` is who did it ("DetailHire" for
the system). ``job.filled`` and ``job.reopened`` written after a reduction carry
``after_reduction``.
"""

from __future__ import annotations

from audit.registry import event_type

MONEY = "{% load detailhire %}"
# A full stop after a reason, unless the reason ends a sentence itself ("Rained out.").
END = "{% if reason|slice:'-1:' not in '.!?' %}.{% endif %}"

event_type(
    "job.requested",
    action="requested",
    text=MONEY + "Requested by {{ actor_name }}"
    "{% if weeks %} (week {{ week }} of {{ weeks }}){% endif %}: {{ total|money:currency }}.",
)
event_type(
    "job.approved",
    action="approved",
    text="Approved by {{ actor_name }}; {{ coordinator_name }} coordinates. "
    "Positions posted to officers.",
)
event_type("job.denied", action="denied", text="Denied by {{ actor_name }}: {{ reason }}")
event_type("job.expired", action="expired", text="Closed: {{ reason }}")
event_type(
    "job.cancelled",
    action="cancelled",
    text=MONEY + "Cancelled by "
    "{% if police_necessity %}the agency (police necessity){% else %}{{ actor_name }}{% endif %}"
    ": {{ reason }}" + END + " Charge {{ charge_total|money:currency }}.",
)
event_type(
    "job.reduced",
    action="reduced",
    text=MONEY + "Reduced by {{ actor_name }}: {{ reason }}" + END + " "
    "Price {{ previous_total|money:currency }} -> {{ total|money:currency }}; "
    "charge {{ charge_total|money:currency }}.",
)
event_type(
    "job.rescheduled",
    action="rescheduled",
    text=MONEY + "Schedule changed by {{ actor_name }}: {{ reason }}" + END + " "
    "Price {{ previous_total|money:currency }} -> {{ total|money:currency }}; "
    "charge {{ charge_total|money:currency }}"
    "{% if released %}; {{ released }} officer(s) released{% endif %}.",
)
event_type(
    "job.filled",
    action="filled",
    text="Every position {% if after_reduction %}left after the reduction {% endif %}is filled.",
)
event_type(
    "job.reopened",
    action="reopened",
    text="{% if after_reduction %}A position opened after the reduction."
    "{% elif reason %}A position opened again: {{ reason }}"
    "{% else %}A position opened again.{% endif %}",
)
event_type("job.started", action="started", text="The first shift started.")
event_type("job.completed", action="completed", text="The last shift ended: the job is complete.")
# An officer's assignment ends because its position went with a cancellation or a reduction
# (``change_kind``: the JobChange kind, "cancel" or "reduce").
event_type(
    "assignment.cancelled",
    action="cancelled",
    text="{{ officer_name }} released: the job was "
    "{% if change_kind == 'reduce' %}reduced"
    "{% elif change_kind == 'reschedule' %}moved to times they cannot work"
    "{% else %}cancelled{% endif %}.",
)

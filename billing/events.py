"""The events the billing app records, and how each reads (on the job's timeline and the
agency's log).

Registered with ``audit.registry`` (imported from ``BillingConfig.ready``). Amounts are decimal
strings with their currency code, formatted when the sentence is shown ("$434.64");
``actor_name`` is who did it ("DetailHire" for the system).
"""

from __future__ import annotations

from audit.registry import event_type

MONEY = "{% load detailhire %}"

event_type(
    "invoice.issued",
    action="invoiced",
    text=MONEY + "Invoice {{ number }} issued by {{ actor_name }}: {{ total|money:currency }}.",
)
event_type(
    "credit_note.issued",
    action="credited",
    text=MONEY + "Credit note {{ number }} issued by {{ actor_name }} on invoice "
    "{{ refers_to_number }}: {{ total|money:currency }}"
    "{% if reason %} ({{ reason }}){% endif %}.",
)
event_type(
    "job_change.billed",
    action="billed",
    text="The {% if change_kind == 'reduce' %}reduction"
    "{% elif change_kind == 'reschedule' %}schedule change{% else %}cancellation{% endif %} "
    "is billed{% if number %}: {{ number }}{% else %}: nothing to invoice or credit{% endif %}.",
)
event_type(
    "payroll.disbursed",
    action="recorded officer pay",
    text=MONEY + "Officer pay for {{ period_start }} to {{ period_end }} recorded as paid on "
    "{{ paid_on }} by {{ actor_name }}: {{ total|money:currency }} for {{ hours }} hours.",
)
event_type(
    "job.hours_approved",
    action="approved hours",
    text=MONEY + "Hours worked ({{ hours }} h) approved by {{ actor_name }}"
    "{% if number %}: {% if kind == 'credit_note' %}credit note{% else %}invoice{% endif %} "
    "{{ number }}{% else %}: they agree with the invoice{% endif %}.",
)

"""The payment and refund events the billing app records (PLAT-PAYMENT-1, PLAT-AUDIT-1), and how
each reads on the job's timeline and the agency's log.

Registered with ``audit.registry`` (imported from ``BillingConfig.ready``). Amounts are decimal
strings with their currency code, formatted when the sentence is shown; ``method`` is the
payment method's label ("Card", "Check").
"""

from __future__ import annotations

from audit.registry import event_type

MONEY = "{% load detailhire %}"

event_type(
    "payment.started",
    action="payment started",
    text=MONEY + "{{ actor_name }} started paying {{ amount|money:currency }} by {{ method }} "
    "on invoice {{ number }}.",
)
event_type(
    "payment.recorded",
    action="payment recorded",
    text=MONEY + "{{ actor_name }} recorded {{ amount|money:currency }} received by "
    "{{ method|lower }}{% if reference %} (no. {{ reference }}){% endif %} "
    "on invoice {{ number }}.",
)
event_type(
    "payment.succeeded",
    action="paid",
    text=MONEY + "Payment of {{ amount|money:currency }} by {{ method }} received "
    "on invoice {{ number }}.",
)
event_type(
    "payment.failed",
    action="payment failed",
    text=MONEY + "Payment of {{ amount|money:currency }} by {{ method }} on invoice {{ number }} "
    "failed{% if message %}: {{ message }}{% else %}.{% endif %}",
)
event_type(
    "refund.requested",
    action="refund requested",
    text=MONEY + "{{ actor_name }} refunded {{ amount|money:currency }} on invoice {{ number }}"
    "{% if police_necessity %} (police necessity){% endif %}: {{ reason }}",
)
event_type(
    "refund.resent",
    action="refund re-sent",
    text=MONEY + "{{ actor_name }} sent the refund of {{ amount|money:currency }} on invoice "
    "{{ number }} to Stripe again (same idempotency key).",
)
event_type(
    "refund.succeeded",
    action="refunded",
    text=MONEY + "Refund of {{ amount|money:currency }} on invoice {{ number }} "
    "{% if check_number %}sent by check no. {{ check_number }}{% else %}issued{% endif %}.",
)
event_type(
    "refund.failed",
    action="refund failed",
    text=MONEY + "Refund of {{ amount|money:currency }} on invoice {{ number }} failed: "
    "{{ message }}",
)

"""The events the customers app records, and how each reads (registered with
``audit.registry`` from ``CustomersConfig.ready``).

An organization belongs to no agency, and the audit log is kept per agency: a change to an
organization's details is recorded for each agency it has booked with (those whose invoices and
calls use these details)."""

from __future__ import annotations

from audit.registry import event_type

event_type(
    "organization.updated",
    action="updated",
    text="{{ actor_name }} changed {{ organization_name }}'s {{ changed|join:', ' }}.",
)

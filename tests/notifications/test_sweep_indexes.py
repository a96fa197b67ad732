"""The deadline columns the sweeps select on are indexed in the database (docs/operations.md,
"Scale"): the cost of a sweep follows its due rows, not the table."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# table -> (index, its first column) the sweeps read through
SWEEP_INDEXES = {
    "jobs_job": [
        ("job_live_starts", "status"),  # job-progress, notice and unfilled escalation
        ("job_completed_ends", "ends_at"),  # surveys
    ],
    "jobs_position": [
        ("position_open_preferred_until", "preferred_until"),  # the digest (NOPD-REL-1)
        ("position_open_to_all_since", "opened_at"),  # the digest, opened at approval
    ],
    "officers_assignment": [
        ("assignment_starts", "starts_at"),  # reminders
        ("assignment_live_starts", "starts_at"),  # no check-in
    ],
}


@pytest.mark.parametrize("table", sorted(SWEEP_INDEXES))
def test_the_sweeps_deadline_columns_are_indexed(table):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    for name, column in SWEEP_INDEXES[table]:
        assert name in found and found[name]["index"], name
        assert found[name]["columns"][0] == column, name


def test_the_prepayment_deadline_is_a_stored_indexed_column_nopd_pay_1():
    """NOPD-PAY-1: the deadline the prepayment sweeps act on is ``Invoice.deadline_at`` (moved
    by a coordinator, otherwise the due date), in a partial index of the open job invoices."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "billing_invoice")
    index = found["invoice_open_job_deadline"]
    assert index["index"] and index["columns"] == ["deadline_at"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
@pytest.mark.parametrize("sweep", ["prepayment-reminders", "prepayment-deadlines"])
def test_the_prepayment_sweeps_read_the_deadline_index_nopd_pay_1(demo, sweep):
    """NOPD-PAY-1: the query of each prepayment sweep is planned on the partial index of open
    job invoices by deadline (EXPLAIN on PostgreSQL), not a scan of every invoice. Sequential
    scans are priced out so the planner shows the plan it would use on a large table."""
    from django.db import transaction

    from notifications import sweeps
    from tests.notifications.helpers import prepaid_invoice

    invoice = prepaid_invoice()
    now = invoice.deadline_at
    window = {
        "prepayment-reminders": (now, now + sweeps.REMINDER_BEFORE),
        "prepayment-deadlines": (now - sweeps.LOOKBACK, now),
    }[sweep]
    query = sweeps._unpaid_prepay_invoices(*window)
    assert list(query.values_list("pk", flat=True)) == (
        [invoice.pk] if sweep == "prepayment-deadlines" else []
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE billing_invoice")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.order_by("deadline_at", "pk").explain()
    assert "invoice_open_job_deadline" in plan, plan

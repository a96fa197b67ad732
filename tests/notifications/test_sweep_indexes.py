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
    "officers_assignment": [("assignment_starts", "starts_at")],  # reminders, no check-in
}


@pytest.mark.parametrize("table", sorted(SWEEP_INDEXES))
def test_the_sweeps_deadline_columns_are_indexed(table):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    for name, column in SWEEP_INDEXES[table]:
        assert name in found and found[name]["index"], name
        assert found[name]["columns"][0] == column, name

"""Database-specific pieces of the officers schema, kept where migrations and tests can share them.

PLAT-OVERLAP-1: on PostgreSQL an exclusion constraint (btree_gist) keeps one officer's *active*
assignments from overlapping, behind the service check in ``officers.services.caps``. SQLite (the
``make run`` default) has no such constraint; there the service check alone applies.
"""

from __future__ import annotations

from django.db import migrations

OVERLAP_CONSTRAINT = "assignment_no_overlap_per_officer"
OVERLAP_SQL = (
    f"ALTER TABLE officers_assignment ADD CONSTRAINT {OVERLAP_CONSTRAINT} "
    "EXCLUDE USING gist (officer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (state = 'active')"
)
DROP_OVERLAP_SQL = f"ALTER TABLE officers_assignment DROP CONSTRAINT IF EXISTS {OVERLAP_CONSTRAINT}"


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL only and is a no-op elsewhere (SQLite)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

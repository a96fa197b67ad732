"""Claims (PLAT-CLAIM-1, PLAT-OVERLAP-1): the schedule index, the job board's indexes and, on
PostgreSQL only, the btree_gist exclusion constraint on each officer's active time ranges."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

from officers.dbops import DROP_OVERLAP_SQL, OVERLAP_SQL, RunSQLOnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0002_booking'),
        ('officers', '0002_booking'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['officer', 'state', 'starts_at'], name='assignment_officer_sched'),
        ),
        # The job board (officers.services.board): open positions by shift. The table belongs to
        # the jobs app; the index is the board's, so it lives here (both vendors take it).
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS position_open_by_shift ON jobs_position (shift_id) "
            "WHERE status = 'open'",
            "DROP INDEX IF EXISTS position_open_by_shift",
        ),
        # A no-op outside PostgreSQL (CreateExtension checks the vendor itself).
        BtreeGistExtension(),
        RunSQLOnPostgreSQL(OVERLAP_SQL, DROP_OVERLAP_SQL),
    ]

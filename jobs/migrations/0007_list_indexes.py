"""The indexes the lists and the progress sweep read at 1,000,000 jobs (docs/operations.md,
"Scale"), and on PostgreSQL the trigram indexes of the jobs search (``icontains`` on the title,
the address and the organization's name: ``UPPER(col) LIKE UPPER('%words%')``)."""

import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models

from officers.dbops import RunSQLOnPostgreSQL

TRIGRAM = [
    ("job_title_trgm", "jobs_job", "title"),
    ("job_address_trgm", "jobs_job", "address"),
    ("organization_name_trgm", "jobs_customerorganization", "name"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_ratecards'),
        ('customers', '0001_initial'),
        ('jobs', '0006_customer_models_move_to_customers'),
        ('officers', '0005_field_media_reencoded'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='job',
            index=models.Index(fields=['agency', 'starts_at'], name='job_agency_starts'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(fields=['organization', 'starts_at'], name='job_organization_starts'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(django.db.models.expressions.CombinedExpression(models.F('ends_at'), '-', models.F('starts_at')), name='job_span'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(condition=models.Q(('status__in', ('requested', 'approved', 'filled', 'in_progress'))), fields=['starts_at'], name='job_live_starts'),
        ),
        RunSQLOnPostgreSQL(
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [
                f"CREATE INDEX {name} ON {table} USING gin ((upper({column}::text)) gin_trgm_ops)"
                for name, table, column in TRIGRAM
            ],
            [f"DROP INDEX IF EXISTS {name}" for name, _table, _column in TRIGRAM],
        ),
    ]

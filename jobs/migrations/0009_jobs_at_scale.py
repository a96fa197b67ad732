"""Jobs at 1,000,000 (docs/operations.md, "Scale"): the indexes the lists and the progress sweep
read; on PostgreSQL the trigram indexes of the jobs search (``icontains`` on the title, the
address and the organization's name: ``UPPER(col) LIKE UPPER('%words%')``); and each job refers
to the card it was priced at (``PricedCard``, one row per distinct card) instead of carrying its
own 11 KB copy. Existing copies are moved: identical ones become one row. The space the old
column held is given back by the next ``VACUUM FULL jobs_job`` (or pg_repack), not by this."""

import django.db.models.deletion
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models

from officers.dbops import RunSQLOnPostgreSQL

FILL_ON_POSTGRESQL = [
    """INSERT INTO jobs_pricedcard (agency_id, version, digest, data, created_at)
       SELECT DISTINCT ON (digest) agency_id, card_version, digest, card_snapshot, now()
       FROM (SELECT id, agency_id, card_version, card_snapshot,
                    'md5:' || md5(card_snapshot::text) AS digest FROM jobs_job) j
       ORDER BY digest, id""",
    """UPDATE jobs_job SET card_id = p.id FROM jobs_pricedcard p
       WHERE p.digest = 'md5:' || md5(jobs_job.card_snapshot::text)""",
    # the new foreign key's checks now, not at commit: the column is altered next
    "SET CONSTRAINTS ALL IMMEDIATE",
]


def move_cards(apps, schema_editor):
    """Each job's copy of its card becomes a reference to one shared row per distinct card."""
    if schema_editor.connection.vendor == "postgresql":
        for sql in FILL_ON_POSTGRESQL:
            schema_editor.execute(sql)
        return
    import hashlib
    import json

    job_model = apps.get_model("jobs", "Job")
    card_model = apps.get_model("jobs", "PricedCard")
    found: dict[str, int] = {}
    for job in job_model._base_manager.only("pk", "agency_id", "card_version", "card_snapshot"):
        text = json.dumps(job.card_snapshot, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest not in found:
            found[digest] = card_model.objects.get_or_create(
                digest=digest,
                defaults={
                    "agency_id": job.agency_id,
                    "version": job.card_version,
                    "data": job.card_snapshot,
                },
            )[0].pk
        job_model._base_manager.filter(pk=job.pk).update(card_id=found[digest])

TRIGRAM = [
    ("job_title_trgm", "jobs_job", "title"),
    ("job_address_trgm", "jobs_job", "address"),
    ("organization_name_trgm", "jobs_customerorganization", "name"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_ratecards'),
        ('customers', '0001_initial'),
        ('jobs', '0008_job_hours_approved'),
        ('officers', '0006_released_officers_not_responsible'),
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
            index=models.Index(condition=models.Q(('status__in', ('requested', 'approved', 'filled', 'in_progress'))), fields=['status', 'starts_at'], name='job_live_starts'),
        ),
        RunSQLOnPostgreSQL(
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [
                f"CREATE INDEX {name} ON {table} USING gin ((upper({column}::text)) gin_trgm_ops)"
                for name, table, column in TRIGRAM
            ],
            [f"DROP INDEX IF EXISTS {name}" for name, _table, _column in TRIGRAM],
        ),
        migrations.CreateModel(
            name="PricedCard",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField()),
                ("digest", models.CharField(max_length=68, unique=True)),
                ("data", models.JSONField(help_text="The rate card (the engine's JSON shape).")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.agency")),
            ],
        ),
        migrations.AddField(
            model_name="job",
            name="card",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="jobs", to="jobs.pricedcard"),
        ),
        migrations.RunPython(move_cards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="job",
            name="card",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="jobs", to="jobs.pricedcard"),
        ),
        migrations.RemoveField(model_name="job", name="card_snapshot"),
    ]

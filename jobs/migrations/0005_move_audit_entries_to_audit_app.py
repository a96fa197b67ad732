# The audit log moved to the audit app (its rows were copied by audit 0002).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0004_organization_join_code_generation'),
        ('audit', '0002_copy_job_audit_entries'),
    ]

    operations = [
        migrations.DeleteModel(
            name='AuditEntry',
        ),
    ]

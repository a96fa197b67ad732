"""CustomerOrganization and CustomerMembership now belong to the ``customers`` app (its 0001
takes over their state and their tables as they are). Here: the jobs' foreign keys point to
``customers.CustomerOrganization`` and the two models leave ``jobs``' state. No table, column,
constraint or row changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0001_initial"),
        ("jobs", "0005_move_audit_entries_to_audit_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="job",
                    name="organization",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="jobs", to="customers.customerorganization"),
                ),
                migrations.AlterField(
                    model_name="jobseries",
                    name="organization",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="series", to="customers.customerorganization"),
                ),
                migrations.DeleteModel(name="CustomerMembership"),
                migrations.DeleteModel(name="CustomerOrganization"),
            ],
            database_operations=[],
        ),
    ]

"""CustomerOrganization and CustomerMembership move here from ``jobs``: model state only. Their
tables (``jobs_customerorganization``, ``jobs_customermembership``) and every row stay as they
are; ``jobs`` 0005 drops the models from its own state and points its foreign keys here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("customerorganization", "customermembership")


def _relabel(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    """Admin log entries and permissions follow the models to their new app label."""
    _relabel(apps, "jobs", "customers")


def restore_content_types(apps, schema_editor):
    _relabel(apps, "customers", "jobs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("jobs", "0004_organization_join_code_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CustomerOrganization",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        ("billing_contact", models.CharField(blank=True, max_length=200)),
                        ("billing_email", models.EmailField(blank=True, max_length=254)),
                        ("address", models.TextField(blank=True)),
                        ("phone", models.CharField(blank=True, max_length=40)),
                        ("join_code_generation", models.PositiveIntegerField(default=1, help_text="Raised when a member asks for a new join code: the old one stops working.")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "jobs_customerorganization",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="CustomerMembership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="customer_memberships", to=settings.AUTH_USER_MODEL)),
                        ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="customers.customerorganization")),
                    ],
                    options={
                        "db_table": "jobs_customermembership",
                        "constraints": [models.UniqueConstraint(fields=("user", "organization"), name="member_once_per_org")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]

"""An assignment that ended without being worked (cancelled, withdrawn, replaced, no-show) is
responsible for nothing: cancellations used to leave the flag set."""

from django.db import migrations


def clear(apps, schema_editor):
    Assignment = apps.get_model("officers", "Assignment")
    Assignment._base_manager.filter(
        responsible=True, state__in=["withdrawn", "replaced", "cancelled", "no_show"]
    ).update(responsible=False)


class Migration(migrations.Migration):
    dependencies = [
        ("officers", "0005_field_media_reencoded"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]

"""The assignment lifecycle ends: the active assignments of jobs already completed become
``completed`` (checked in) or ``no_show`` (never checked in), as ``complete_job`` now does. They
leave the no-double-booking exclusion constraint's index (active rows only). Set-based (two
UPDATEs), no audit rows: the job's own "completed" event already says when it ended."""

from django.db import migrations
from django.db.models import F


def end_assignments(apps, schema_editor):
    Assignment = apps.get_model("officers", "Assignment")
    done = Assignment.objects.filter(state="active", position__shift__job__status="completed")
    # ended at their own end (an UPDATE cannot read the job's columns through the join)
    done.filter(checked_in_at__isnull=False).update(state="completed", ended_at=F("ends_at"))
    done.filter(checked_in_at__isnull=True).update(state="no_show", ended_at=F("ends_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("officers", "0008_duty_shifts"),
        ("jobs", "0010_job_hours_to_approve_index"),
    ]

    operations = [migrations.RunPython(end_assignments, migrations.RunPython.noop)]

# The audit entries the jobs app kept (an action name and a sentence) become events: the event
# type from the entry's object type and action, its details as the event's data and its sentence
# kept as the legacy text shown for it (audit.legacy). Reversible: events go back as entries.

from django.db import migrations

from audit.legacy import action_for, entry_details, event_data, event_type_for

BATCH = 2000


def copy_entries(apps, schema_editor):
    entry_model = apps.get_model("jobs", "AuditEntry")
    event_model = apps.get_model("audit", "AuditEvent")
    batch = []
    for entry in entry_model._base_manager.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            event_model(
                agency_id=entry.agency_id,
                actor_id=entry.actor_id,
                event_type=event_type_for(entry.object_type, entry.action),
                object_type=entry.object_type,
                object_id=entry.object_id,
                job_id=entry.job_id,
                from_state=entry.from_state,
                to_state=entry.to_state,
                data=event_data(entry.message, entry.details),
                at=entry.at,
            )
        )
        if len(batch) >= BATCH:
            event_model._base_manager.bulk_create(batch)
            batch = []
    if batch:
        event_model._base_manager.bulk_create(batch)


def copy_events_back(apps, schema_editor):
    entry_model = apps.get_model("jobs", "AuditEntry")
    event_model = apps.get_model("audit", "AuditEvent")
    batch = []
    for event in event_model._base_manager.order_by("at", "pk").iterator(chunk_size=BATCH):
        message, details = entry_details(event.data)
        batch.append(
            entry_model(
                agency_id=event.agency_id,
                actor_id=event.actor_id,
                object_type=event.object_type,
                object_id=event.object_id,
                job_id=event.job_id,
                action=action_for(event.event_type),
                from_state=event.from_state,
                to_state=event.to_state,
                message=message,
                details=details,
                at=event.at,
            )
        )
        if len(batch) >= BATCH:
            entry_model._base_manager.bulk_create(batch)
            batch = []
    if batch:
        entry_model._base_manager.bulk_create(batch)
    event_model._base_manager.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('jobs', '0004_organization_join_code_generation'),
    ]

    operations = [
        migrations.RunPython(copy_entries, copy_events_back),
    ]

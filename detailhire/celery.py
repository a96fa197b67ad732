"""The Celery app. The broker comes from settings (Redis or the filesystem); the beat schedule
is defined here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "detailhire.settings")

app = Celery("detailhire")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every deadline sweep (lead times, prepayment, cancellation penalties, surveys) runs from one
# task that calls the same code as ``manage.py sweep``.
app.conf.beat_schedule = {
    "sweep-deadlines": {"task": "jobs.tasks.sweep", "schedule": crontab(minute="*")},
}


def ensure_broker_folders() -> None:
    """The filesystem broker needs its folders to exist before a worker or producer starts."""
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)

"""Celery tasks of the jobs app. Tasks take IDs or ISO strings, never model instances."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task

from jobs.sweeps import run_all


@shared_task(name="jobs.tasks.sweep")
def sweep(at: str | None = None) -> dict[str, int | str]:
    """Run every deadline sweep once (beat runs this every minute; ``manage.py sweep`` is the
    same code). Returns each sweep's count, or its error."""
    now = datetime.fromisoformat(at) if at else None
    return {
        result.name: (result.count if result.ok else f"error: {result.error}")
        for result in run_all(now)
    }

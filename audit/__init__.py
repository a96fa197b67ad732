"""The audit log (PLAT-AUDIT-1): a platform app that owns every recorded event.

- ``audit.log.record(...)`` writes one ``AuditEvent`` in the caller's transaction;
- ``audit.registry`` holds the event types, each registered by the domain app that writes it
  (``<app>/events.py``, imported from its ``AppConfig.ready``) with the template of its sentence;
- the sentence is rendered when shown (``AuditEvent.text``), from the event's data.

The app imports no domain app: its foreign keys name their models by string.
"""

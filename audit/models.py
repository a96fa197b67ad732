from django.conf import settings
from django.db import models

from audit import registry
from detailhire.tenancy import ScopedManager


class AuditEvent(models.Model):
    """Something that happened (PLAT-AUDIT-1): who did it, to what, when, from which state to
    which, and the facts of it as data. Append-only; written by ``audit.log.record``. The
    sentence is rendered when shown (``text``), from the event type's template."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did it; empty for the system (sweeps, tasks).",
    )
    event_type = models.CharField(
        max_length=60, help_text='A registered event type: "job.approved", "assignment.claimed".'
    )
    object_type = models.CharField(max_length=40)  # "job", "assignment", "officer", "invoice"
    object_id = models.PositiveBigIntegerField()
    job = models.ForeignKey(
        "jobs.Job",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit",
        help_text="The job it concerns (its timeline), if any.",
    )
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text="The facts: ids, names, counts, amounts as decimal strings with their currency.",
    )
    at = models.DateTimeField(db_index=True)

    # Events about a job are seen by whoever sees the job; events without one only by admins.
    objects = ScopedManager(agency="agency", organization="job__organization")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["agency", "at"]),
            models.Index(fields=["event_type"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.event_type} {self.object_type} #{self.object_id}"

    @property
    def action(self) -> str:
        """The short name of the event ("approved", "claimed"), as the API's timeline shows it."""
        return registry.action_of(self.event_type)

    @property
    def text(self) -> str:
        """The event in words, rendered now from its data."""
        actor_name = ""
        data = self.data or {}
        if self.actor_id is not None and not (
            data.get("actor_name") or data.get(registry.LEGACY_TEXT)
        ):
            actor_name = _name_of(self.actor)
        return registry.render(
            self.event_type,
            data,
            actor_name=actor_name,
            object_type=self.object_type,
            object_id=self.object_id,
            job_id=self.job_id,
            from_state=self.from_state,
            to_state=self.to_state,
        )


def _name_of(user) -> str:
    if user is None:
        return ""
    return getattr(user, "display_name", "") or user.get_full_name() or user.get_username()

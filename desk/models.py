from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from detailhire.tenancy import ScopedManager


class OfficerFeedback(models.Model):
    """The customer's comments on one officer's work on one detail, recorded by a coordinator
    (NOPD-SURVEY-1, the coordinator's half). Kept: a correction is a new row."""

    assignment = models.ForeignKey(
        "officers.Assignment", on_delete=models.PROTECT, related_name="feedback"
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="feedback")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (poor) to 5 (excellent), as the customer said.",
    )
    comments = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(db_index=True)

    objects = ScopedManager(agency="agency", organization="job__organization")

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["agency", "recorded_at"])]

    def __str__(self):
        return f"Feedback on officer #{self.officer_id} for job #{self.job_id}: {self.rating}/5"

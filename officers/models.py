from django.conf import settings
from django.db import models

from agencies.models import Agency
from detailhire.tenancy import ScopedManager


class Officer(models.Model):
    """A sworn officer who works paid details for their agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers")
    rank = models.CharField(max_length=40, help_text="A rank code from the agency's rate card.")
    badge_number = models.CharField(max_length=20)
    seniority_date = models.DateField()
    specialties = models.JSONField(
        default=list, blank=True, help_text="e.g. motorcycle, canine, mounted"
    )
    phone = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)

    # Tenancy (detailhire.tenancy): every query is limited to the active agency scope.
    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["agency", "seniority_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "badge_number"], name="badge_unique_per_agency"
            ),
        ]

    def __str__(self):
        return f"{self.user.display_name} #{self.badge_number}"

from django.conf import settings
from django.db import models


class Agency(models.Model):
    """A police agency (or its detail office): the tenant."""

    slug = models.SlugField(unique=True, max_length=40)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    # where it serves (e.g. "New Orleans, LA"): what customers look it up by, with its name
    city = models.CharField(max_length=100, blank=True)
    time_zone = models.CharField(max_length=64, default="America/Chicago")
    currency = models.CharField(max_length=3, default="USD")
    office_phone = models.CharField(max_length=40, blank=True)
    after_hours_phone = models.CharField(max_length=40, blank=True)
    toll_free_phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    # the logo on the agency's pages and documents (PNG or JPEG, checked by agencies.logo)
    logo = models.FileField(upload_to="agency-logos/", blank=True, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="agency_name_order")]

    def __str__(self):
        return self.name


class StaffMembership(models.Model):
    """A user working for one agency's detail office."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Agency admin"
        COORDINATOR = "coordinator", "Coordinator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)
    phone = models.CharField(max_length=40, blank=True, help_text="Direct line customers see.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="staff_once_per_agency")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.agency.slug})"

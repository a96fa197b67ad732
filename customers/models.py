"""Customer organizations (businesses and event organizers that book details, with any agency)
and their members.

The tables keep the names they were created with (``jobs_customerorganization``,
``jobs_customermembership``): the models moved here from ``jobs`` without touching a row."""

from django.conf import settings
from django.db import models

from detailhire.tenancy import ScopedManager


class CustomerOrganization(models.Model):
    """A business or event organizer that books details, with any agency."""

    name = models.CharField(max_length=200)
    billing_contact = models.CharField(max_length=200, blank=True)
    billing_email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    join_code_generation = models.PositiveIntegerField(
        default=1,
        help_text="Raised when a member asks for a new join code: the old one stops working.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Tenancy (detailhire.tenancy): customers see their organizations, agency staff and officers
    # the organizations that booked with their agency.
    objects = ScopedManager(organization="pk")

    class Meta:
        db_table = "jobs_customerorganization"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_memberships"
    )
    organization = models.ForeignKey(
        CustomerOrganization, on_delete=models.CASCADE, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        db_table = "jobs_customermembership"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="member_once_per_org")
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"

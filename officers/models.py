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


class Assignment(models.Model):
    """An officer holding a position. At most one active assignment per position (PLAT-CLAIM-1);
    an officer's active assignments never overlap (PLAT-OVERLAP-1: on PostgreSQL an exclusion
    constraint on the time range backs the service check). ``starts_at``/``ends_at`` are copied
    from the shift so the constraint can see them."""

    class State(models.TextChoices):
        ACTIVE = "active", "Assigned"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REPLACED = "replaced", "Replaced by a substitute"
        CANCELLED = "cancelled", "Cancelled with the job"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "Did not show"

    position = models.ForeignKey(
        "jobs.Position", on_delete=models.PROTECT, related_name="assignments"
    )
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="assignments")
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    responsible = models.BooleanField(
        default=False, help_text="In charge on site: a supervisor or the most senior officer."
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    check_in_location = models.CharField(max_length=64, blank=True)
    check_out_location = models.CharField(max_length=64, blank=True)
    hours_worked = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(
        agency="officer__agency", organization="position__shift__job__organization"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # an officer's schedule, overlap and hour-cap checks (officers.services.caps)
            models.Index(fields=["officer", "state", "starts_at"], name="assignment_officer_sched"),
            # the staff attendance page: details started, and check-outs made, in the last day
            models.Index(fields=["starts_at"], name="assignment_starts"),
            # the no-check-in sweep: the live assignments started in its window and still running
            models.Index(
                fields=["starts_at", "ends_at"],
                condition=models.Q(state="active"),
                name="assignment_live_starts",
            ),
            # the longest assignment (detailhire.db.longest_span): the lower bound of "upcoming"
            models.Index(models.F("ends_at") - models.F("starts_at"), name="assignment_span"),
            models.Index(
                fields=["checked_out_at"],
                condition=models.Q(checked_out_at__isnull=False),
                name="assignment_checked_out",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["position"],
                condition=models.Q(state="active"),
                name="one_active_assignment_per_position",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.officer} on {self.position}"


class FieldNote(models.Model):
    """A note an officer (or agency staff) writes about a detail, optionally with one photo or
    PDF (``FieldMedia``). Shown to the job's customer (ODM-PORTAL-1), its officers and staff."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    objects = ScopedManager(
        agency="assignment__officer__agency",
        organization="assignment__position__shift__job__organization",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note #{self.pk} on assignment #{self.assignment_id}"


class FieldMedia(models.Model):
    """A file attached to a field note. Stored under a random name in a per-agency folder of
    MEDIA_ROOT (``stored_name``) and served only through an access-checked view, never by URL."""

    note = models.ForeignKey(FieldNote, on_delete=models.PROTECT, related_name="media")
    stored_name = models.CharField(
        max_length=200, unique=True, help_text="Path under MEDIA_ROOT: field-media/<agency>/<hex>."
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    reencoded = models.BooleanField(
        default=False,
        help_text="An image decoded and re-encoded on upload: the only kind served inline.",
    )

    objects = ScopedManager(
        agency="note__assignment__officer__agency",
        organization="note__assignment__position__shift__job__organization",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "field media"

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def served_inline(self) -> bool:
        """Only images re-encoded on upload are shown in the browser; anything else downloads."""
        return self.is_image and self.reencoded


class IcalFeed(models.Model):
    """An officer's private calendar feed: the token in the URL is the only credential. A new
    token replaces the old one, which then answers 404 (revoked)."""

    officer = models.OneToOneField(Officer, on_delete=models.CASCADE, related_name="ical_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="officer__agency")

    def __str__(self):
        return f"Calendar feed of {self.officer}"


class DutyShift(models.Model):
    """One shift of an officer's regular duty, imported by the agency (PLAT-DUTY-1): it counts
    for overlaps and hour caps exactly like a detail. A re-import replaces the officer's duty
    shifts in the days the file covers."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="duty_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="officer__agency")

    class Meta:
        ordering = ["officer", "starts_at"]
        indexes = [models.Index(fields=["officer", "starts_at"], name="duty_officer_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.officer_id}: {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"


class DutyCalendar(models.Model):
    """The address of the calendar an agency's regular duty was last imported from
    (PLAT-DUTY-1): the duty page offers to import it again."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(agency="agency")

    def __str__(self):
        return self.url

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from detailhire.tenancy import ScopedManager


class PricedCard(models.Model):
    """A rate card exactly as jobs were priced at it (PLAT-SNAPSHOT-1), kept once however many
    jobs refer to it: in practice one row per version of an agency's card. ``digest`` (of the
    card's data) finds the row a new booking shares. Never changed once written; not tenant
    data (rate cards are public)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    digest = models.CharField(max_length=68, unique=True)
    data = models.JSONField(help_text="The rate card (the engine's JSON shape).")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Card version {self.version} of agency #{self.agency_id}"

    @staticmethod
    def digest_of(data) -> str:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def of(cls, agency_id: int, version: int, data) -> "PricedCard":
        """The row holding ``data`` (created the first time a job is priced at it)."""
        digest = cls.digest_of(data)
        found = cls.objects.filter(digest=digest).first()
        if found is None:  # two first bookings at once: get_or_create settles on one row
            found, _ = cls.objects.get_or_create(
                digest=digest, defaults={"agency_id": agency_id, "version": version, "data": data}
            )
        return found


class JobSeries(models.Model):
    """A weekly repeat: the jobs created together from one request."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="series")
    organization = models.ForeignKey(
        "customers.CustomerOrganization", on_delete=models.PROTECT, related_name="series"
    )
    weeks = models.PositiveSmallIntegerField(help_text="How many weekly occurrences.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency", organization="organization")

    def __str__(self):
        return f"Weekly series #{self.pk} ({self.weeks} weeks)"


# A job in one of these still moves on with the clock (jobs.progress); the others are settled
# (``jobs.states.ACTIVE``; the models cannot import it).
ACTIVE_STATUSES = ("requested", "approved", "filled", "in_progress")


class Job(models.Model):
    """A customer's request for paid-detail officers, priced once and kept at that price
    (PLAT-SNAPSHOT-1). State changes go through ``jobs.services``; each records an audit event."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        FILLED = "filled", "Filled"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DENIED = "denied", "Denied"
        CANCELLED = "cancelled", "Cancelled"

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="jobs")
    organization = models.ForeignKey(
        "customers.CustomerOrganization", on_delete=models.PROTECT, related_name="jobs"
    )
    series = models.ForeignKey(
        JobSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs_requested"
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=60, help_text="A work category slug from the card.")
    category_name = models.CharField(max_length=200, blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="The category is unclear: a coordinator decides."
    )
    job_type = models.CharField(max_length=60, default="hourly")
    rank = models.CharField(max_length=40)
    tier = models.CharField(max_length=20, blank=True)
    add_ons = models.JSONField(default=list, blank=True)
    address = models.TextField()
    site_contact_name = models.CharField(max_length=200, blank=True)
    site_contact_phone = models.CharField(max_length=40, blank=True)
    post_orders = models.TextField(blank=True)
    preferred_officers = models.ManyToManyField(
        "officers.Officer", blank=True, related_name="preferred_for"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField()
    starts_at = models.DateTimeField(db_index=True, help_text="Start of the first shift (UTC).")
    ends_at = models.DateTimeField(help_text="End of the last shift (UTC).")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs_coordinated",
    )

    # What the job was priced at: the card version, the request and the quote (PLAT-SNAPSHOT-1).
    card_version = models.PositiveIntegerField()
    # The card itself is kept once per version (``PricedCard``), not copied into every job.
    card = models.ForeignKey(PricedCard, on_delete=models.PROTECT, related_name="jobs")
    request_snapshot = models.JSONField(help_text="The quote request the job was priced at.")
    quote = models.JSONField(help_text="The itemized quote (API shape).")
    total = models.DecimalField(max_digits=12, decimal_places=2)
    warnings = models.JSONField(default=list, blank=True)
    requires_approval = models.BooleanField(default=False)

    idempotency_key = models.CharField(max_length=64, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    cancelled_by_agency = models.BooleanField(default=False)
    # PLAT-ATTEND-1: a coordinator approved the hours worked (billing reconciles them then)
    hours_approved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hours_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency", organization="organization")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "starts_at"]),
            # Lists, newest or soonest first, of one agency's or one organization's jobs: read
            # from these in order and stopped after a page (docs/operations.md, "Scale").
            models.Index(fields=["agency", "starts_at"], name="job_agency_starts"),
            models.Index(fields=["organization", "starts_at"], name="job_organization_starts"),
            # The tenancy scope of rows that reach a job through another relation than their
            # agency (an assignment: the officer's agency, the job's organization): "the job's
            # organization booked with this agency" is one index-only probe per row.
            models.Index(fields=["organization", "agency"], name="job_organization_agency"),
            # The longest job (jobs.filters.longest_span): the lower bound of "upcoming".
            models.Index(models.F("ends_at") - models.F("starts_at"), name="job_span"),
            # The job-progress sweep reads only jobs not finished yet that have started.
            models.Index(
                fields=["status", "starts_at"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="job_live_starts",
            ),
            # The desk's completed jobs whose hours await a coordinator (PLAT-ATTEND-1).
            models.Index(
                fields=["agency", "ends_at"],
                condition=models.Q(status="completed", hours_approved_at__isnull=True),
                name="job_hours_to_approve",
            ),
            # The surveys sweep reads jobs completed in the last days (NOPD-SURVEY-1).
            models.Index(
                fields=["ends_at"],
                condition=models.Q(status="completed"),
                name="job_completed_ends",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="job_idempotency_key_once_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="job_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} (#{self.pk})"

    @property
    def card_snapshot(self) -> dict:
        """The rate card as it was when the job was priced (PLAT-SNAPSHOT-1)."""
        return self.card.data


class Shift(models.Model):
    """One continuous period of work on a job, with the officers asked for."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="shifts")
    index = models.PositiveSmallIntegerField(help_text="Position in the request (0-based).")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    officers = models.PositiveSmallIntegerField()
    supervisors = models.PositiveSmallIntegerField(default=0)
    officer_pay_rate = models.DecimalField(max_digits=12, decimal_places=2)
    tier = models.CharField(
        max_length=20,
        blank=True,
        help_text="The tier the officer pay is at: the job's, or a holiday's minimum tier above "
        "it (blank where the job is not priced by tier).",
    )
    cancelled = models.BooleanField(default=False)

    objects = ScopedManager(agency="job__agency", organization="job__organization")

    class Meta:
        ordering = ["starts_at", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="shift_index_once_per_job"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(officers__gte=1), name="shift_has_officers"),
        ]

    def __str__(self):
        return f"Shift {self.index + 1} of job #{self.job_id}"


class Position(models.Model):
    """A place for one officer on one shift: an officer position or a supervisor position."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        SUPERVISOR = "supervisor", "Supervisor"

    class Status(models.TextChoices):
        DRAFT = "draft", "Not yet posted"
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="positions")
    index = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)
    required_rank = models.CharField(max_length=40, blank=True)
    required_specialty = models.CharField(max_length=40, blank=True)
    officer_pay_rate = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    preferred_until = models.DateTimeField(
        null=True, blank=True, help_text="Reserved for preferred officers until then (NOPD-REL-1)."
    )
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was posted (the job's approval)."
    )

    objects = ScopedManager(agency="shift__job__agency", organization="shift__job__organization")

    class Meta:
        ordering = ["shift", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "index"], name="position_index_once_per_shift"
            ),
        ]
        indexes = [
            # The daily digest (NOPD-REL-1) reads open positions whose preferred window ended,
            # or that opened to all at approval, in the last day.
            models.Index(
                fields=["preferred_until"],
                condition=models.Q(status="open", preferred_until__isnull=False),
                name="position_open_preferred_until",
            ),
            models.Index(
                fields=["opened_at"],
                condition=models.Q(status="open", preferred_until__isnull=True),
                name="position_open_to_all_since",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.index + 1} on {self.shift}"


class JobChange(models.Model):
    """A confirmed cancellation, reduction or schedule change of a job and what it costs
    (ODM-CANCEL-0/1/2, NOPD-CANCEL-1/2). Append-only: billing reads these rows to issue invoices
    and credit notes and marks each one done (``billed_at``)."""

    class Kind(models.TextChoices):
        CANCEL = "cancel", "Cancelled"
        REDUCE = "reduce", "Reduced"
        RESCHEDULE = "reschedule", "Rescheduled"

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(help_text="When the change was made (the charge is as of then).")
    reason = models.TextField()
    police_necessity = models.BooleanField(
        default=False, help_text="Cancelled by the agency: no penalty (NOPD-CANCEL-1)."
    )
    status_before = models.CharField(max_length=20)
    approved = models.BooleanField(help_text="The job had been approved when it changed.")
    shift_changes = models.JSONField(
        default=list, blank=True, help_text="Per shift: index, officers and times before/after."
    )
    charge = models.JSONField(help_text="The cancellation charge (wire.charge_to_data).")
    charge_total = models.DecimalField(max_digits=12, decimal_places=2)
    previous_quote = models.JSONField(help_text="The job's quote before the change.")
    previous_total = models.DecimalField(max_digits=12, decimal_places=2)
    new_quote = models.JSONField(null=True, blank=True, help_text="After a reduction.")
    new_total = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="The job's price after the change (0 if cancelled).",
    )
    refund_due = models.BooleanField(
        default=False,
        help_text="Every advance payment on the job is to be credited or refunded in full.",
    )
    billed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by billing once it has invoiced or credited this."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="job__agency", organization="job__organization")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["billed_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} job #{self.job_id} at {self.at:%Y-%m-%d %H:%M}"

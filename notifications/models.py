"""What was sent (the outbox, one row per message and recipient), who turned which mail off, and
the customer surveys.

``Message.key`` is the record that a notice was sent: a sweep or a service names each notice
(``"prepay-reminder:invoice:12"``) and the unique constraint makes a second attempt, from a
second run or a concurrent one, insert nothing and send nothing."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Message(models.Model):
    """One email to one address, rendered when the event happened, sent by the ``deliver`` task
    (``sent_at`` set once it went)."""

    key = models.CharField(max_length=200, blank=True, help_text="Names the notice; unique.")
    name = models.CharField(max_length=100, help_text="The template, e.g. jobs/email/approved.")
    kind = models.CharField(max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="[[loader, id], ...]: files rendered when the message is sent "
        "(notifications.outbox.attachment_loader), e.g. an invoice's PDF.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="message_unsent"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "to"], condition=~Q(key=""), name="message_key_once_per_address"
            )
        ]

    def __str__(self):
        return f"{self.subject} -> {self.to}"


class Preference(models.Model):
    """The non-essential kinds of email a user turned off (``notifications.kinds``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    muted = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Mail preferences of {self.user}"


class Survey(models.Model):
    """The customer-service survey of one completed job (NOPD-SURVEY-1): one per job, answered
    once through a token link (only its hash is stored) until it expires."""

    job = models.OneToOneField("jobs.Job", on_delete=models.PROTECT, related_name="survey")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.CharField(max_length=254)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    def __str__(self):
        return f"Survey of job #{self.job_id}"


class SurveyAnswer(models.Model):
    """The customer's rating and comment on one officer of the job."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "officer"], name="survey_answer_once_per_officer"
            )
        ]

    def __str__(self):
        return f"Officer #{self.officer_id}: {self.rating} of 5"


class DeadlineExtension(models.Model):
    """A coordinator moved the payment deadline of a prepaid invoice (NOPD-PAY-1). The invoice
    itself is immutable once issued (PLAT-INVOICE-1): its printed due date stays; the deadline
    sweeps read this row's ``until`` when there is one."""

    invoice = models.OneToOneField(
        "billing.Invoice", on_delete=models.PROTECT, related_name="deadline_extension"
    )
    until = models.DateTimeField(db_index=True)
    reason = models.TextField()
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField()

    def __str__(self):
        return f"Deadline of invoice #{self.invoice_id} moved to {self.until:%Y-%m-%d %H:%M}"

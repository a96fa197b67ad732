"""Payments, refunds and the Stripe events received (PLAT-PAYMENT-1).

Money is rows with states: a ``Payment`` is one attempt to pay an invoice (by card or ACH through
Stripe, or a check or bank transfer a coordinator records), a ``Refund`` gives part or all of a
payment back. An invoice's balance is computed from these rows, never stored. States change only
through ``billing.services.payments``; nothing here writes on its own.

Every call that creates something at the provider (a PaymentIntent, a refund) carries the row's
``idempotency_key``, stored before the call, so a retried call cannot charge or refund twice.
``StripeEvent`` keeps each webhook event id under a unique constraint: a duplicate or concurrent
delivery of one event has one effect.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from detailhire.tenancy import ScopedManager


class Method(models.TextChoices):
    CARD = "card", "Card"
    ACH = "ach", "US bank account (ACH)"
    CHECK = "check", "Check"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"


ONLINE_METHODS = (Method.CARD, Method.ACH)
OFFLINE_METHODS = (Method.CHECK, Method.BANK_TRANSFER)


class Provider(models.TextChoices):
    STRIPE = "stripe", "Stripe"
    MANUAL = "manual", "Recorded by the agency"


class Payment(models.Model):
    """One attempt to pay an invoice: created, pending at the provider, then succeeded or failed;
    refunded once refunds reach its amount."""

    class State(models.TextChoices):
        CREATED = "created", "Created"
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        REFUNDED = "refunded", "Refunded"

    # States in which the money is (or is about to be) the agency's.
    OPEN_STATES = (State.CREATED, State.PENDING)
    PAID_STATES = (State.SUCCEEDED, State.REFUNDED)

    invoice = models.ForeignKey(
        "billing.Invoice", on_delete=models.PROTECT, related_name="payments"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "customers.CustomerOrganization", on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CREATED)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    provider_id = models.CharField(
        max_length=255, blank=True, help_text="The provider's id (a Stripe PaymentIntent id)."
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    check_number = models.CharField(
        max_length=40, blank=True, help_text="The check or transfer reference."
    )
    received_on = models.DateField(null=True, blank=True, help_text="When the check arrived.")
    failure_message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    succeeded_at = models.DateTimeField(null=True, blank=True)
    receipt_pdf = models.FileField(
        upload_to="receipts/",
        blank=True,
        help_text="The receipt (NOPD-REC-1), rendered once when the payment succeeded.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency", organization="organization")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="payment_provider_id_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["invoice", "state"])]

    def __str__(self):
        return f"{self.get_method_display()} {self.amount} {self.currency} ({self.state})"

    @property
    def receipt_number(self) -> str:
        """The receipt's number: the invoice's number and the payment's ("NOPD-2027-000001-P7")."""
        return f"{self.invoice.number}-P{self.pk}"

    @property
    def refunded_amount(self) -> Decimal:
        """What has been given back (succeeded refunds)."""
        total = Refund._base_manager.filter(
            payment_id=self.pk, state=Refund.State.SUCCEEDED
        ).aggregate(s=models.Sum("amount"))
        return total["s"] or Decimal("0.00")


class Refund(models.Model):
    """Part or all of a payment given back: through the provider (Stripe) or by check. A failed
    refund stays as a row (state failed, with the provider's message) for staff to act on."""

    class State(models.TextChoices):
        CREATED = "created", "Created"
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    # Refunds that count against the payment's refundable amount (all but the failed).
    COUNTING_STATES = (State.CREATED, State.PENDING, State.SUCCEEDED)

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "customers.CustomerOrganization", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CREATED)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    provider_id = models.CharField(max_length=255, blank=True, help_text="A Stripe refund id.")
    idempotency_key = models.CharField(max_length=64, unique=True)
    reason = models.TextField()
    police_necessity = models.BooleanField(
        default=False, help_text="Refunded because the agency cancelled for police necessity."
    )
    check_number = models.CharField(max_length=40, blank=True, help_text="Refunded by this check.")
    failure_message = models.TextField(blank=True)
    retry_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retried_as",
        help_text="The failed refund this one tries again (each attempt keeps its own key).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency", organization="organization")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self):
        return f"Refund {self.amount} {self.currency} ({self.state})"


class StripeEvent(models.Model):
    """A webhook event received from Stripe, stored before it is acted on: the unique event id
    makes a second delivery (or a concurrent one) a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=120)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    ignored = models.BooleanField(default=False, help_text="A type DetailHire does not act on.")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"

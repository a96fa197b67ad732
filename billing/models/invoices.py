"""Invoices and credit notes (PLAT-INVOICE-1).

A document is written whole, in the transaction that issues it (``billing.services.invoicing``):
its number, the names and addresses it prints and its lines are copied onto it then, and never
change. There are no drafts and no deletes; a mistake is corrected by a credit note that refers to
the invoice. Only ``status`` (paid, credited) moves afterwards, and the PDF is stored once.

``balance_due`` is computed from the rows that move money (credit notes, payments, refunds),
never stored: ``Invoice.objects.with_balance()`` adds it to a list in one query.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from detailhire.tenancy import ScopedManager

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY = {"max_digits": 12, "decimal_places": 2}

# The states in which money moved (billing/models/payments.py): a payment refunded later was
# still paid (its refunds are added back separately).
PAID_STATES = ("succeeded", "refunded")
REFUNDED_STATES = ("succeeded",)


class InvoiceQuerySet(models.QuerySet):
    def with_balance(self):
        """Each document with ``credited``, ``paid`` and ``refunded`` sums annotated (one query
        for any number of rows); ``balance_due`` reads them."""
        money = DecimalField(**MONEY)
        zero = Value(ZERO, output_field=money)

        credits = (
            Invoice._base_manager.filter(refers_to=OuterRef("pk"), kind=Invoice.Kind.CREDIT_NOTE)
            .order_by()
            .values("refers_to")
            .annotate(s=Sum("total"))
            .values("s")
        )
        annotated = self.annotate(credited=Coalesce(Subquery(credits, output_field=money), zero))
        payment, refund = _payment_models()
        if payment is None:
            return annotated.annotate(paid=zero, refunded=zero)
        paid = (
            payment._base_manager.filter(invoice=OuterRef("pk"), state__in=PAID_STATES)
            .order_by()
            .values("invoice")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        annotated = annotated.annotate(paid=Coalesce(Subquery(paid, output_field=money), zero))
        if refund is None:
            return annotated.annotate(refunded=zero)
        refunded = (
            refund._base_manager.filter(payment__invoice=OuterRef("pk"), state__in=REFUNDED_STATES)
            .order_by()
            .values("payment__invoice")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        return annotated.annotate(refunded=Coalesce(Subquery(refunded, output_field=money), zero))


def _payment_models():
    """``Payment`` and ``Refund`` (billing/models/payments.py), or None for a model not there."""
    found = []
    for name in ("Payment", "Refund"):
        try:
            found.append(apps.get_model("billing", name))
        except LookupError:
            found.append(None)
    return found


InvoiceManager = ScopedManager(
    models.Manager.from_queryset(InvoiceQuerySet), agency="agency", organization="organization"
)


class Immutable(Exception):
    """An issued document's printed facts never change (PLAT-INVOICE-1)."""


class Invoice(models.Model):
    """An invoice or a credit note, issued by an agency to a customer organization."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit_note", "Credit note"

    class Status(models.TextChoices):
        ISSUED = "issued", "Issued"  # owed (an invoice) or in force (a credit note)
        PAID = "paid", "Paid"  # nothing left to pay
        CREDITED = "credited", "Credited"  # cancelled in full by credit notes

    class Purpose(models.TextChoices):
        JOB = "job", "The job's invoice"
        CHANGE = "change", "A cancellation or reduction billed"
        UNFILLED = "unfilled", "Positions never filled, credited"
        HOURS = "hours", "Hours worked reconciled"
        LATE_FEE = "late_fee", "Late fee on an overdue invoice"
        MANUAL = "manual", "Issued by staff"

    # What may change after issue: the status, the PDF (stored once), and the payment deadline
    # the sweeps act on (moved by a coordinator; the printed due date stays).
    MUTABLE = frozenset({"status", "pdf", "deadline_at"})

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="invoices")
    organization = models.ForeignKey(
        "customers.CustomerOrganization", on_delete=models.PROTECT, related_name="invoices"
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    change = models.ForeignKey(
        "jobs.JobChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="billing_documents",
        help_text="The cancellation or reduction this document bills (at most one document).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.MANUAL)
    refers_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        help_text="A credit note: the invoice it corrects.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ISSUED)

    # The number: "NOPD-2027-000123" (per agency and year, no gaps; billing.numbering).
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40)

    issued_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="Invoices: when payment is due.")
    deadline_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the deadline sweeps act on it (NOPD-PAY-1): the due date, or later when a "
        "coordinator moved it (notifications.deadlines). Not printed.",
    )
    currency = models.CharField(max_length=3, default="USD")
    time_zone = models.CharField(max_length=64, default="America/Chicago")

    # The letterhead, as it was at issue.
    seller_name = models.CharField(max_length=200)
    seller_address = models.TextField(blank=True)
    seller_phone = models.CharField(max_length=40, blank=True)
    seller_email = models.CharField(max_length=254, blank=True)
    seller_website = models.CharField(max_length=200, blank=True)
    # Bill to, as it was at issue.
    bill_to_name = models.CharField(max_length=200)
    bill_to_contact = models.CharField(max_length=200, blank=True)
    bill_to_email = models.CharField(max_length=254, blank=True)
    bill_to_address = models.TextField(blank=True)
    # The service billed, as it was at issue.
    job_title = models.CharField(max_length=200, blank=True)
    job_address = models.TextField(blank=True)
    service_starts_at = models.DateTimeField(null=True, blank=True)
    service_ends_at = models.DateTimeField(null=True, blank=True)

    officer_pay = models.DecimalField(**MONEY, default=ZERO)
    admin_fee = models.DecimalField(**MONEY, default=ZERO)
    other_charges = models.DecimalField(**MONEY, default=ZERO)
    total = models.DecimalField(**MONEY)

    terms = models.TextField(blank=True, help_text="Payment terms, as printed.")
    payment_methods = models.JSONField(default=list, blank=True, help_text="How to pay.")
    reason = models.TextField(blank=True, help_text="A credit note: why it was issued.")
    rules = models.JSONField(default=list, blank=True)
    pdf = models.FileField(upload_to="invoices/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvoiceManager

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "issued_at"]),
            models.Index(fields=["organization", "issued_at"]),
            # the prepayment sweeps (NOPD-PAY-1) read only the open job invoices near a deadline
            models.Index(
                fields=["deadline_at"],
                condition=Q(status="issued", kind="invoice", purpose="job"),
                name="invoice_open_job_deadline",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="invoice_number_once_per_agency_year"
            ),
            models.UniqueConstraint(
                fields=["change"],
                condition=Q(change__isnull=False),
                name="invoice_bills_a_change_once",
            ),
            models.UniqueConstraint(
                fields=["job", "purpose"],
                condition=Q(purpose__in=["job", "unfilled", "hours", "late_fee"]),
                name="invoice_once_per_job_and_purpose",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", refers_to__isnull=True)
                | Q(kind="credit_note", refers_to__isnull=False),
                name="credit_note_refers_to_an_invoice",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_not_negative"),
            models.CheckConstraint(
                condition=Q(total=F("officer_pay") + F("admin_fee") + F("other_charges")),
                name="invoice_total_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        """Written once; afterwards only ``status`` and ``pdf`` (``update_fields``) change."""
        if self.pk is not None and not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE:
                raise Immutable(f"{self} is issued: only {sorted(self.MUTABLE)} may change.")
        elif self.deadline_at is None:
            self.deadline_at = self.due_at
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{self} is issued: documents are never deleted; issue a credit note.")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def balance_due(self) -> Decimal:
        """What the customer still owes on this invoice: total - credit notes - payments
        succeeded + refunds succeeded. Negative: the agency owes the customer (to refund).
        A credit note owes nothing itself (it reduces the invoice it refers to)."""
        if self.is_credit_note:
            return ZERO
        sums = self.__dict__
        if not {"credited", "paid", "refunded"} <= sums.keys():
            balance = InvoiceQuerySet(model=Invoice).with_balance().filter(pk=self.pk)
            sums = balance.values("credited", "paid", "refunded").get()
        balance = self.total - sums["credited"] - sums["paid"] + sums["refunded"]
        return balance.quantize(CENT)  # SQLite's sums come back with another exponent


class InvoiceLine(models.Model):
    """One printed line: officer pay and the admin fee shown separately (NOPD-RATE-1,
    NOPD-FEE-1). Copied from the job's priced quote, never re-priced."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    hours = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    officers = models.PositiveSmallIntegerField(null=True, blank=True)
    officer_pay_rate = models.DecimalField(**MONEY, null=True, blank=True)
    admin_fee_rate = models.DecimalField(**MONEY, null=True, blank=True)
    officer_pay = models.DecimalField(**MONEY, default=ZERO)
    admin_fee = models.DecimalField(**MONEY, default=ZERO)
    other = models.DecimalField(**MONEY, default=ZERO)
    amount = models.DecimalField(**MONEY)
    rules = models.JSONField(default=list, blank=True)

    objects = ScopedManager(agency="invoice__agency", organization="invoice__organization")

    class Meta:
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="invoice_line_position_once"
            ),
        ]

    def __str__(self):
        return f"{self.invoice} line {self.position + 1}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise Immutable(f"{self} is issued: its lines never change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{self} is issued: its lines are never deleted.")


class InvoiceCounter(models.Model):
    """The last number issued per agency and year (locked while a number is taken)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="invoice_counter_once")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last}"

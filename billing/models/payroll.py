"""Officer pay disbursed (NOPD-FEE-1): an agency admin records that the payroll of a pay period
was paid out (by the agency's own payroll, outside DetailHire). The row keeps what was paid as
the payroll read then (total, hours, rows), so later corrections of attendance do not rewrite
what was disbursed; the fee ledger reports it by the month it was paid."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from detailhire.tenancy import ScopedManager


class PayrollDisbursement(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField(help_text="Included.")
    paid_on = models.DateField(help_text="When the officers were paid.")
    total = models.DecimalField(max_digits=12, decimal_places=2)
    hours = models.DecimalField(max_digits=12, decimal_places=2)
    rows = models.PositiveIntegerField(help_text="Assignments paid.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period_start", "period_end"],
                name="payroll_disbursed_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="payroll_period_in_order"
            ),
        ]

    def __str__(self):
        return f"Payroll {self.period_start} to {self.period_end}: {self.total}"

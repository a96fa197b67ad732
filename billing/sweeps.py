"""Billing's deadline sweeps (registered with ``jobs.sweeps``; run by ``manage.py sweep`` and
Celery beat).

- ``police-necessity-refunds`` (NOPD-CANCEL-1): a job the agency cancelled for police necessity
  has everything paid on its invoices refunded. The cancellation itself belongs to the jobs app,
  which does not call billing; this sweep finds each succeeded payment on such a job that no
  police-necessity refund covers yet (including one Stripe confirmed after the cancellation) and
  refunds it through ``refund_all_for_job``, which locks, re-checks and refunds only what is left,
  so running it twice or concurrently refunds nothing more. A refund Stripe refuses is listed for
  staff and not retried here.
"""

from __future__ import annotations

from billing.models import Payment
from billing.services.payments import refund_all_for_job
from jobs.models import Job
from jobs.sweeps import register

POLICE_NECESSITY_REASON = "The agency cancelled the job for police necessity (no charge)."


@register("police-necessity-refunds", "paid jobs cancelled for police necessity refunded")
def refund_police_necessity_cancellations(now) -> list[str]:
    job_ids = (
        Payment._base_manager.filter(
            state=Payment.State.SUCCEEDED,
            invoice__job__changes__police_necessity=True,
            invoice__job__changes__refund_due=True,
        )
        .exclude(refunds__police_necessity=True)
        .values_list("invoice__job_id", flat=True)
        .distinct()
    )
    actions = []
    for job in Job._base_manager.filter(pk__in=list(job_ids)).order_by("pk"):
        refunds = refund_all_for_job(job, actor=None, reason=POLICE_NECESSITY_REASON)
        if refunds:
            total = sum(refund.amount for refund in refunds)
            actions.append(f"job {job.pk}: {len(refunds)} refund(s), {total}")
    return actions

"""A deadline a coordinator moved is written on the invoice's ``deadline_at`` (the indexed column
the prepayment sweeps select on, NOPD-PAY-1)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0006_invoice_deadline_at"),
        ("notifications", "0001_notifications_outbox_preferences_surveys"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE billing_invoice SET deadline_at = e.until "
            "FROM notifications_deadlineextension e WHERE e.invoice_id = billing_invoice.id",
            migrations.RunSQL.noop,
        )
    ]

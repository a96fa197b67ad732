"""Each shift keeps the tier its officer pay is at (a holiday's minimum tier included), read from
the quote the job was priced at: its officer lines for that shift at the shift's pay."""

from decimal import Decimal

from django.db import migrations, models


def priced_tier(shift, quote) -> str:
    for line in (quote or {}).get("lines", []):
        if (
            line.get("shift") == shift.index
            and line.get("tier")
            and Decimal(str(line.get("officer_pay_rate", "-1"))) == shift.officer_pay_rate
        ):
            return line["tier"]
    return shift.job.tier


def fill(apps, schema_editor):
    Shift = apps.get_model("jobs", "Shift")
    for shift in Shift._base_manager.select_related("job").exclude(job__tier="").iterator():
        shift.tier = priced_tier(shift, shift.job.quote)
        shift.save(update_fields=["tier"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0006_customer_models_move_to_customers"),
    ]

    operations = [
        migrations.AddField(
            model_name="shift",
            name="tier",
            field=models.CharField(
                blank=True,
                help_text="The tier the officer pay is at: the job's, or a holiday's minimum tier "
                "above it (blank where the job is not priced by tier).",
                max_length=20,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0006_report_lease_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="victim_protected",
            field=models.BooleanField(default=False),
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0005_location_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]

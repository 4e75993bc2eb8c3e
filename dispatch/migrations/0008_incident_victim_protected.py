from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0007_unit_event_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="victim_protected",
            field=models.BooleanField(default=False),
        ),
    ]

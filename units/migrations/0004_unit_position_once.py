"""One fix per unit and time, so that a replayed batch adds nothing to the track.

Rows stored twice before the constraint existed (a batch replayed with another
Idempotency-Key) are removed first, the earliest kept.
"""

import django.utils.timezone
from django.db import migrations, models

DROP_REPEATS = """
DELETE FROM units_unitposition WHERE id NOT IN (
    SELECT MIN(id) FROM units_unitposition GROUP BY unit_id, at
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_unit_position_received_at"),
    ]

    operations = [
        migrations.RunSQL(DROP_REPEATS, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="unitposition",
            constraint=models.UniqueConstraint(fields=("unit", "at"), name="unit_position_once"),
        ),
        # The constraint's index serves the track's queries (unit, then time).
        migrations.RemoveIndex(
            model_name="unitposition",
            name="units_unitp_unit_id_519f84_idx",
        ),
        migrations.AlterField(
            model_name="unitposition",
            name="received_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]

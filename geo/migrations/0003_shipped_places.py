"""Every call centre's landmarks, loaded with the schema: no manual step.

geo/data/places_*.csv (geo/data/PLACES_SOURCES.md). Upserted by (name,
region_code), so places already loaded or corrected by hand keep their rows.
"""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from geo.places import parse_row, read_rows, shipped_files, upsert

    place = apps.get_model("geo", "Place")
    for path in shipped_files():
        for row in read_rows(path):
            upsert(parse_row(row), model=place)


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_junction_bridge_kinds")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_seeded


class UnitsConfig(AppConfig):
    name = "units"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from units.facilities import facilities_seed_demo
        from units.seed import units_seed_demo

        # seed_demo (dispatch) announces the profile; its units are ours to add.
        demo_seeded.connect(
            lambda profile, **kwargs: units_seed_demo(profile=profile),
            weak=False,
            dispatch_uid="units-demo",
        )
        # ... and its stations, hospitals and puskesmas (the console's map layers).
        demo_seeded.connect(
            lambda profile, **kwargs: facilities_seed_demo(profile=profile),
            weak=False,
            dispatch_uid="units-demo-facilities",
        )

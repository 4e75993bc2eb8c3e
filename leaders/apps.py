from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_seeded


class LeadersConfig(AppConfig):
    name = "leaders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leaders.seed import leaders_seed_demo

        # seed_demo (dispatch) announces the demo; the report recipients and the
        # history the profiles' reports are known by are ours.
        demo_seeded.connect(
            lambda profile, **kwargs: leaders_seed_demo(profile=profile),
            weak=False,
            dispatch_uid="leaders-demo",
        )

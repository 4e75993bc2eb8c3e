from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_finished, demo_seeded


class LeadersConfig(AppConfig):
    name = "leaders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leaders.seed import leaders_seed_history, leaders_seed_recipients

        # seed_demo (dispatch) announces the demo: the report recipients are ours,
        # and, once its sample calls are in, the history the profiles' reports show.
        demo_seeded.connect(
            lambda profile, **kwargs: leaders_seed_recipients(profile=profile),
            weak=False,
            dispatch_uid="leaders-demo",
        )
        demo_finished.connect(
            lambda profile, **kwargs: leaders_seed_history(profile=profile),
            weak=False,
            dispatch_uid="leaders-history",
        )

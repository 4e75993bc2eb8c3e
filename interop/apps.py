from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_seeded


class InteropConfig(AppConfig):
    name = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extensions that document the dispatch API views.
        from django.db.models.signals import post_save

        from dispatch.models import IncidentEvent
        from interop import openapi, openapi_units  # noqa: F401
        from interop.alerts import event_saved
        from interop.roster_seed import roster_seed_demo
        from interop.services import integration_ensure_demo

        # seed_demo (dispatch) announces the demo; the demo integration account is ours.
        demo_seeded.connect(
            lambda **kwargs: integration_ensure_demo(), weak=False, dispatch_uid="interop-demo"
        )
        demo_seeded.connect(
            lambda **kwargs: roster_seed_demo(), weak=False, dispatch_uid="interop-roster-demo"
        )
        # A P1 routed, a deadline breached, a claim: the alerts look at the incident.
        post_save.connect(event_saved, sender=IncidentEvent, dispatch_uid="interop-alerts")

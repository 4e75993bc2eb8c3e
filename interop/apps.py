from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_seeded, events_appended


class InteropConfig(AppConfig):
    name = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extensions that document the dispatch API views.
        from interop import (  # noqa: F401
            openapi,
            openapi_calls,
            openapi_media,
            openapi_screens,
            openapi_units,
        )
        from interop.alerts import events_appended as alerts_look
        from interop.reporter_updates import events_appended as reporters_look
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
        events_appended.connect(alerts_look, weak=False, dispatch_uid="interop-alerts")
        # A claim or a resolution: the SMS/WhatsApp reporters hear of it.
        events_appended.connect(reporters_look, weak=False, dispatch_uid="interop-reporters")

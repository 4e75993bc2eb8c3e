from __future__ import annotations

from django.apps import AppConfig

from dispatch.signals import demo_seeded


class InteropConfig(AppConfig):
    name = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extensions that document the dispatch API views.
        from interop import openapi, openapi_units  # noqa: F401
        from interop.services import integration_ensure_demo

        # seed_demo (dispatch) announces the demo; the demo integration account is ours.
        demo_seeded.connect(
            lambda **kwargs: integration_ensure_demo(), weak=False, dispatch_uid="interop-demo"
        )

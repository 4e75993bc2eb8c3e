from __future__ import annotations

from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "dispatch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_save

        from dispatch.services import tokens

        # API tokens end with the password or the account they were given for.
        pre_save.connect(
            tokens.user_pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="api-tokens"
        )

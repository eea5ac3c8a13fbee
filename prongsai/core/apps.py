from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "prongsai.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from prongsai.core.middleware import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="prongsai-remember-sign-in")

from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "prongsai.site"
    label = "site"
    verbose_name = "Public site"

    def ready(self) -> None:
        from prongsai.site import signals

        signals.connect()

from __future__ import annotations

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "prongsai.stats"
    label = "stats"
    verbose_name = "Statistics"

    def ready(self) -> None:
        from prongsai.stats import receivers

        receivers.connect()

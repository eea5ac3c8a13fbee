from __future__ import annotations

from django.apps import AppConfig


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    label = "ita"
    verbose_name = "ITA catalogue"

from __future__ import annotations

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "prongsai.org"
    label = "org"
    verbose_name = "Organisation"

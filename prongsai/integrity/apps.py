from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "prongsai.integrity"
    label = "integrity"
    verbose_name = _("Integrity and discretion audit")

    def ready(self) -> None:
        from prongsai.integrity import checks  # noqa: F401 - registers the system checks

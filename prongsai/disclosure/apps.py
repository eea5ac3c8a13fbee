from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "prongsai.disclosure"
    label = "disclosure"
    verbose_name = _("Publishing workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from prongsai.disclosure import receivers, search_docs

        receivers.connect()
        search_docs.register()

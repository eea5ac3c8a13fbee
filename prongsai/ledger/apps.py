from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "prongsai.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from prongsai.ledger import checks, db  # noqa: F401 - registers the system checks

        connection_created.connect(db.on_connection_created, dispatch_uid="prongsai.ledger.db")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                db.on_connection_created(sender=None, connection=connection)
        # Every app declares its actions (and the organisation app its hooks) in ledger_actions.py.
        autodiscover_modules("ledger_actions")

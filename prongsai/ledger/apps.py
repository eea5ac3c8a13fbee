from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "prongsai.ledger"
    label = "ledger"
    verbose_name = "Ledger"

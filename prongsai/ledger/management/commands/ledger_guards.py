"""Reinstall the triggers that make ledger tables append-only (e.g. after a table was rebuilt)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from prongsai.ledger import db


class Command(BaseCommand):
    help = "Install the append-only triggers on the ledger tables if any is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        missing = db.missing_guards(connection)
        if not missing:
            self.stdout.write("All ledger guards are in place.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in db.install_sql(connection.vendor):
                cursor.execute(statement)
        self.stdout.write("Reinstalled: " + ", ".join(missing))

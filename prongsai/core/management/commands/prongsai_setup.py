"""Idempotent preparation after `migrate`: everything an install needs besides its schema."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# (command, arguments) run in order; each one does nothing when its work is already done.
SETUP_STEPS: list[tuple[str, list[str]]] = [
    ("ledger_keygen", ["--if-missing"]),
    ("integrity_keygen", ["--if-missing"]),
    ("ita_load", []),
]


class Command(BaseCommand):
    help = "Prepare an install after migrate (keys, catalogues). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, arguments in SETUP_STEPS:
            call_command(name, *arguments)

"""Idempotent preparation after `migrate`: everything an install needs besides its schema."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# (command, arguments, needs the database) run in order; each does nothing when already done.
SETUP_STEPS: list[tuple[str, list[str], bool]] = [
    ("ledger_keygen", ["--if-missing"], False),
    ("integrity_keygen", ["--if-missing"], False),
    ("org_secure_defaults", [], True),  # Wagtail's default groups: no rights over every agency
    ("ita_load", [], True),
    ("disclosure_setup", [], True),
    ("search_reindex", ["--if-needed"], True),  # a new analyser or index layout: rebuild
]


class Command(BaseCommand):
    help = "Prepare an install after migrate (keys, catalogues). Safe to run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--keys-only",
            action="store_true",
            help="Only create missing keys (no database needed), e.g. before `check --deploy`.",
        )

    def handle(self, *args: Any, keys_only: bool, **options: Any) -> None:
        for name, arguments, needs_database in SETUP_STEPS:
            if keys_only and needs_database:
                continue
            call_command(name, *arguments)

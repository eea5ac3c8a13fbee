"""Sign a checkpoint when one is due: run it every few minutes (worker or cron)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from prongsai.ledger import services


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the ledger if LEDGER_CHECKPOINT_EVERY entries or "
        "LEDGER_CHECKPOINT_MINUTES have passed since the last one (--force: whenever it grew)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        try:
            cp = services.checkpoint_create(force=force)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if cp is None:
            if options["verbosity"] > 1:
                self.stdout.write("No checkpoint due.")
            return
        self.stdout.write(f"Signed checkpoint: size {cp.size}, root {cp.root}")

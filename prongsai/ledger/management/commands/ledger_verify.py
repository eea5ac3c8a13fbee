"""Recompute the ledger's chain, Merkle tree and checkpoint signatures; exit non-zero on a fault."""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.ledger import selectors


class Command(BaseCommand):
    help = (
        "Verify the ledger. Exit 0 when the chain, the tree and every signature hold; otherwise "
        "name the first bad entry and the fault (edited, deleted, reordered, truncated, "
        "bad signature)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = selectors.verify_database()
        elapsed = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            raise CommandError(report.message(), returncode=1)
        if not options["json"]:
            self.stdout.write(report.message())
            for note in report.notes:
                self.stdout.write(note)
            self.stdout.write(f"({elapsed:.1f} s)")

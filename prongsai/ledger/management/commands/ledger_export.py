"""Write the ledger for outside verification: entries (JSONL), checkpoints and the public key."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.ledger import builder, selectors, signing


class Command(BaseCommand):
    help = (
        "Export the ledger to a directory: ledger.jsonl, checkpoints.json and ledger.vkey, the "
        "inputs of 'python -m prongsai.ledger.verify export'."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"สร้างโฟลเดอร์ไม่ได้ / cannot create {directory}: {exc}") from exc
        count = 0
        with (directory / "ledger.jsonl").open("w", encoding="utf-8") as handle:
            for row in selectors.iter_rows(include_nodes=False):
                handle.write(builder.export_line(row) + "\n")
                count += 1
        notes = selectors.checkpoint_notes()
        (directory / "checkpoints.json").write_text(
            json.dumps({"checkpoints": [{"note": n} for n in notes]}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        verifier = signing.get_verifier()
        if verifier is not None:
            (directory / "ledger.vkey").write_text(verifier.vkey() + "\n", encoding="utf-8")
        self.stdout.write(
            f"Exported {count:,} entries and {len(notes):,} checkpoints to {directory}"
        )

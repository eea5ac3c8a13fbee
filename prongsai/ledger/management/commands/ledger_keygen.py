"""Create the checkpoint signing key (``make run`` calls this with --if-missing)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.ledger import signing


class Command(BaseCommand):
    help = "Create the ledger's Ed25519 signing key file and print its public key."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when a key is already configured"
        )
        parser.add_argument("--origin", help="the ledger's name (default: LEDGER_ORIGIN)")

    def handle(self, *args: Any, if_missing: bool, origin: str | None, **options: Any) -> None:
        if getattr(settings, "LEDGER_SIGNING_KEY", ""):
            if if_missing:
                return
            raise CommandError("LEDGER_SIGNING_KEY ถูกตั้งค่าไว้แล้ว / LEDGER_SIGNING_KEY is already set")
        path = signing.key_file()
        if path.exists():
            if if_missing:
                return
            raise CommandError(
                f"มีกุญแจอยู่แล้วที่ {path} (จะไม่เขียนทับ) / a key already exists at {path} "
                "(it is never overwritten: rotating it needs a published announcement)"
            )
        try:
            signer = signing.write_new_key(path, origin or signing.origin_setting())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Ledger signing key written to {path}")
        self.stdout.write(f"Public key (publish it): {signer.verifier.vkey()}")

"""Create the key that encrypts confidential case data (``make run`` calls this with --if-missing)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.integrity import crypto


class Command(BaseCommand):
    help = "Create the integrity encryption key file under var/ (never overwrites a key)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when a key is already configured"
        )

    def handle(self, *args: Any, if_missing: bool, **options: Any) -> None:
        if getattr(settings, "INTEGRITY_ENCRYPTION_KEY", ""):
            if if_missing:
                return
            raise CommandError(
                "INTEGRITY_ENCRYPTION_KEY ถูกตั้งค่าไว้แล้ว / INTEGRITY_ENCRYPTION_KEY is already set"
            )
        path = crypto.key_file()
        if path.exists():
            if if_missing:
                return
            raise CommandError(
                f"มีกุญแจอยู่แล้วที่ {path} (จะไม่เขียนทับ: ข้อมูลที่เข้ารหัสไว้จะเปิดไม่ได้) / "
                f"a key already exists at {path} (it is never overwritten: encrypted data would "
                "be lost; rotate with integrity_rekey)"
            )
        crypto.write_new_key(path)
        self.stdout.write(f"Integrity encryption key written to {path} (keep a backup of it)")

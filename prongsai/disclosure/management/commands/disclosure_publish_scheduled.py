"""Publish approved evidence whose publication time has come, and unpublish expired evidence,
each page in its own transaction with its ledger entry. Run every few minutes (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from prongsai.disclosure.services import publish_due


class Command(BaseCommand):
    help = "Publish scheduled evidence and unpublish expired evidence (ledger entries included)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = publish_due()
        if result.published or result.expired or options["verbosity"] > 1:
            self.stdout.write(
                f"เผยแพร่ {len(result.published)} · หมดอายุ {len(result.expired)} "
                f"(published {len(result.published)}, expired {len(result.expired)})"
            )

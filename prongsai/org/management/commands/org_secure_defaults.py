"""Remove the rights Wagtail's install gives outside the agencies' role groups (safe to re-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from prongsai.org.services import wagtail_defaults_remove


class Command(BaseCommand):
    help = (
        "Remove Wagtail's default groups, their rights over every agency's pages and the root's "
        "default approval workflow. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = wagtail_defaults_remove()
        if any(removed.values()) and options["verbosity"] > 0:
            self.stdout.write(
                "ลบสิทธิ์เริ่มต้นของ Wagtail แล้ว · removed Wagtail's default rights: "
                + ", ".join(f"{key} {count}" for key, count in removed.items() if count)
            )

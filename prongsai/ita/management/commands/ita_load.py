"""Load every ITA catalogue file shipped with Prongsai (`make run` calls this; safe to repeat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.ita.schema import CatalogueError
from prongsai.ita.services import catalogue_load_shipped


class Command(BaseCommand):
    help = "Load the shipped ITA catalogues (prongsai/ita/catalogues/ita-*.toml). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = catalogue_load_shipped()
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            year = result.catalogue.fiscal_year
            if result.created:
                self.stdout.write(f"ITA {year}: โหลดแล้ว {result.items_created} รายการ (loaded)")
            elif result.changed:
                self.stdout.write(
                    f"ITA {year}: ปรับปรุงแล้ว (updated: {result.items_created} new, "
                    f"{result.items_updated} updated, {result.items_removed} removed)"
                )
            elif options["verbosity"] > 1:
                self.stdout.write(f"ITA {year}: ไม่มีการเปลี่ยนแปลง (unchanged)")

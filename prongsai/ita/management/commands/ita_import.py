"""Validate and load one ITA catalogue file. A file with any problem is refused whole."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.ita.models import CatalogueStatus
from prongsai.ita.schema import CatalogueError, load_catalogue_file
from prongsai.ita.services import catalogue_import


class Command(BaseCommand):
    help = "Import an ITA catalogue file (TOML, see docs/ita-catalogue.md); --check only validates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to ita-<year>.toml")
        parser.add_argument("--check", action="store_true", help="validate only; write nothing")
        parser.add_argument(
            "--status",
            choices=[c.value for c in CatalogueStatus],
            help="set the catalogue's status (default: keep it; new catalogues are 'active')",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                spec = load_catalogue_file(options["file"])
                self.stdout.write(
                    f"{spec.filename}: ถูกต้อง {len(spec.items)} รายการ "
                    f"(valid: {len(spec.items)} items, fiscal year {spec.fiscal_year})"
                )
                return
            result = catalogue_import(file=options["file"], status=options["status"])
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        catalogue = result.catalogue
        if not result.changed:
            self.stdout.write(f"ITA {catalogue.fiscal_year}: ไม่มีการเปลี่ยนแปลง (unchanged)")
            return
        self.stdout.write(
            f"ITA {catalogue.fiscal_year}: นำเข้าแล้ว (imported: {result.items_created} new, "
            f"{result.items_updated} updated, {result.items_removed} removed)"
        )

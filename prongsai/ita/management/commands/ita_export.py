"""Write the ITAS answer sheet of one agency for one year: one row per item, the code first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prongsai.ita import selectors
from prongsai.ita.export import export_rows, to_csv, to_xlsx
from prongsai.ita.models import Catalogue
from prongsai.org.models import Agency


def resolve_agency(slug: str | None) -> Agency:
    """The agency named by ``slug``; without one, the default site's agency or the only agency."""
    agencies = Agency.objects.select_related("site")
    if slug:
        agency = agencies.filter(slug=slug).first()
        if agency is None:
            known = ", ".join(agencies.values_list("slug", flat=True)) or "-"
            raise CommandError(f"ไม่พบหน่วยงาน '{slug}' (no agency '{slug}'; known: {known})")
        return agency
    default = agencies.filter(site__is_default_site=True).first()
    if default is not None:
        return default
    if agencies.count() == 1:
        return agencies.get()
    known = ", ".join(agencies.values_list("slug", flat=True)) or "-"
    raise CommandError(f"โปรดระบุ --agency (give --agency; known: {known})")


class Command(BaseCommand):
    help = "Export the ITAS answers (code, title, มี/ไม่มี, URL, explanation, last update)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="fiscal year (B.E.), e.g. 2566")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--agency", help="the agency's short name (slug)")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        catalogue = Catalogue.objects.filter(fiscal_year=options["year"]).first()
        if catalogue is None:
            raise CommandError(
                f"ไม่มีเกณฑ์ของปีงบประมาณ {options['year']} "
                f"(no catalogue for fiscal year {options['year']}; run ita_load or ita_import)"
            )
        agency = resolve_agency(options["agency"])
        with translation.override("th"):
            readiness = selectors.catalogue_readiness(
                catalogue=catalogue, agency=agency, samples_per_element=3
            )
            rows = export_rows(readiness)
            data = to_csv(rows) if options["format"] == "csv" else to_xlsx(rows)
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"{options['output']}: {len(rows)} รายการ ({len(rows)} rows)")
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

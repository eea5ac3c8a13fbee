"""Make one quarter's statistics report for an agency, as PDF or XLSX:

manage.py quarterly_report --fiscal-year 2566 --quarter 2 --format pdf --output report.pdf
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.org.models import Agency
from prongsai.stats import report
from prongsai.thai import ThaiValueError, check_be_year


class Command(BaseCommand):
    help = "Write the quarterly statistics report (PDF or XLSX) of an agency to a file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--fiscal-year", type=int, required=True, help="B.E., e.g. 2566")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")
        parser.add_argument("--agency", help="Agency short name (default: the only agency).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_be_year(options["fiscal_year"])
        except ThaiValueError as exc:
            raise CommandError(str(exc)) from None
        agency = self._agency(options.get("agency"))
        data = report.build(
            agency=agency, fiscal_year=options["fiscal_year"], quarter=options["quarter"]
        )
        try:
            body = (
                report.render_pdf(data) if options["format"] == "pdf" else report.render_xlsx(data)
            )
        except report.ReportFontMissing as exc:
            raise CommandError(str(exc)) from None
        if options["output"] == "-":
            self.stdout.buffer.write(body)  # type: ignore[attr-defined]
            return
        out = Path(options["output"])
        try:
            out.write_bytes(body)
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ {out} ไม่ได้: {exc.strerror} (cannot write {out})") from None
        self.stdout.write(f"{out} ({len(body):,} bytes)")

    def _agency(self, slug: str | None) -> Agency:
        if slug:
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                raise CommandError(f"ไม่พบหน่วยงาน “{slug}” (no agency “{slug}”)")
            return agency
        agencies = list(Agency.objects.all()[:2])
        if len(agencies) != 1:
            raise CommandError(
                "มีหน่วยงานมากกว่าหนึ่งแห่งหรือยังไม่มีเลย ระบุ --agency "
                "(there is not exactly one agency: give --agency)"
            )
        return agencies[0]

"""Give agencies their evidence listing page and the publishing workflow (safe to run again)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.disclosure.services import disclosure_setup
from prongsai.org.models import Agency


class Command(BaseCommand):
    help = "Set up evidence publishing (listing page + two-step workflow) for every agency."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--agency", help="only this agency (its short name)")

    def handle(self, *args: Any, agency: str | None = None, **options: Any) -> None:
        agencies = Agency.objects.select_related("site__root_page").order_by("pk")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(f"ไม่พบหน่วยงาน {agency} / no agency {agency!r}")
        for each in agencies:
            index = disclosure_setup(agency=each)
            self.stdout.write(f"{each.slug}: {index.url_path}")
